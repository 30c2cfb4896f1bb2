import Configuration
import Foundation
import SystemPackage

/// Reads typed settings through swift-configuration (environment over file), and turns
/// every unusable value into a `ConfigurationError` that names the key and its origin.
struct SettingsReader: Sendable {
    static let environmentPrefix = "DESKGATE"

    let reader: ConfigReader
    let environment: ConfigReader
    let file: ConfigFileIndex
    let environmentVariables: [String: String]

    init(file: ConfigFileIndex, filePath: String?, environmentVariables: [String: String]) async throws {
        // Every key can be overridden as DESKGATE_<KEY>, e.g. http.port → DESKGATE_HTTP_PORT.
        let environmentProvider = KeyMappingProvider(
            upstream: EnvironmentVariablesProvider(
                environmentVariables: environmentVariables,
                secretsSpecifier: .dynamic { name, _ in Self.isSecretVariable(name) }),
            keyMapper: { key in AbsoluteConfigKey([Self.environmentPrefix.lowercased()] + key.components) })
        var providers: [any ConfigProvider] = [environmentProvider]
        if let filePath {
            providers.append(try await FileProvider<YAMLSnapshot>(
                parsingOptions: .init(secretsSpecifier: .dynamic { key, _ in Self.isSecretKey(key) }),
                filePath: FilePath(filePath)))
        }
        self.reader = ConfigReader(providers: providers)
        self.environment = ConfigReader(provider: environmentProvider)
        self.file = file
        self.environmentVariables = environmentVariables
    }

    static func isSecretKey(_ key: String) -> Bool {
        key.hasSuffix(".url") || key.hasSuffix("password") || key.hasSuffix("secret") || key.hasSuffix("token")
    }

    static func isSecretVariable(_ name: String) -> Bool {
        name.hasSuffix("_URL") || name.contains("PASSWORD") || name.contains("SECRET") || name.contains("TOKEN")
    }

    static func environmentVariable(for key: String) -> String {
        ([environmentPrefix] + key.split(separator: ".").map { $0.uppercased() }).joined(separator: "_")
    }

    func origin(of key: String) -> ConfigurationOrigin {
        if environment.string(forKey: ConfigKey(key), isSecret: true) != nil
            || environment.stringArray(forKey: ConfigKey(key), isSecret: true) != nil {
            return .environment(variable: Self.environmentVariable(for: key))
        }
        return file.lines[key] != nil ? file.origin(of: key) : .builtInDefault
    }

    func error(_ key: String, _ problem: String, allowed: String? = nil) -> ConfigurationError {
        ConfigurationError(key: key, origin: origin(of: key), problem: problem, allowed: allowed)
    }

    func string(_ key: String, secret: Bool = false) -> String? {
        guard let value = reader.string(forKey: ConfigKey(key), isSecret: secret) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A secret given directly (`key`) or as a file holding it (`key_file`, as Docker and
    /// Kubernetes mount secrets). Trailing newlines of the file are not part of the secret.
    func secret(_ key: String) throws(ConfigurationError) -> Secret<String>? {
        if let value = string(key, secret: true) { return Secret(value) }
        guard let path = string(key + "_file") else { return nil }
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw error(key + "_file", "the file '\(path)' cannot be read", allowed: "a readable file holding the value")
        }
        let value = contents.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw error(key + "_file", "the file '\(path)' is empty") }
        return Secret(value)
    }

    func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = string(key) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw error(key, "'\(text)' is not usable", allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func port(_ key: String, default fallback: Int) throws(ConfigurationError) -> Int {
        try integer(key, default: fallback, in: 1...65535)
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, default fallback: Choice
    ) throws(ConfigurationError) -> Choice where Choice.RawValue == String {
        guard let text = string(key) else { return fallback }
        guard let value = Choice(rawValue: text.lowercased()) else {
            throw error(key, "'\(text)' is not one of the choices",
                        allowed: Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    func list(_ key: String) -> [String]? {
        if let values = reader.stringArray(forKey: ConfigKey(key)) {
            return values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        // A single value where a list is expected is a list of one.
        return string(key).map { [$0] }
    }
}
