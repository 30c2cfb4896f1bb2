/// Where a configuration value came from, so an error can send the operator to the right line.
public enum ConfigurationOrigin: Sendable, Equatable, CustomStringConvertible {
    case file(path: String, line: Int?)
    case environment(variable: String)
    case builtInDefault

    public var description: String {
        switch self {
        case .file(let path, let line?): "\(path):\(line)"
        case .file(let path, nil): path
        case .environment(let variable): "environment variable \(variable)"
        case .builtInDefault: "built-in default"
        }
    }
}

/// A configuration that cannot be used, naming the key, where it was set and what is allowed.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let key: String
    public let origin: ConfigurationOrigin
    public let problem: String
    public let allowed: String?

    public init(key: String, origin: ConfigurationOrigin, problem: String, allowed: String? = nil) {
        self.key = key
        self.origin = origin
        self.problem = problem
        self.allowed = allowed
    }

    public var description: String {
        var text = "\(origin): \(key): \(problem)"
        if let allowed { text += "; allowed: \(allowed)" }
        return text
    }
}

/// A value that must never reach a log line or an error message.
public struct Secret<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: Value
    public init(_ value: Value) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
