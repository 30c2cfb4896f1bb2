import Foundation
import Logging

/// One log line in either of the two forms operators choose between: readable text for a
/// terminal, JSON lines for a log shipper. Both go to standard error, leaving standard
/// output to the commands' own results.
struct LogLineHandler: LogHandler {
    enum Form: Sendable { case text, json }

    let label: String
    let form: Form
    let output: LogOutput
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message
        var merged = self.metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        let timestamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        switch form {
        case .text:
            var text = "\(timestamp) \(level.rawValue.uppercased()) \(label): \(message)"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { text += " \(key)=\(value)" }
            output.write(text + "\n")
        case .json:
            var object: [String: Any] = ["ts": timestamp, "level": level.rawValue, "logger": label, "message": "\(message)"]
            for (key, value) in merged { object[key] = Self.jsonValue(value) }
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
                  let text = String(data: data, encoding: .utf8) else { return }
            output.write(text + "\n")
        }
    }

    private static func jsonValue(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(jsonValue)
        case .dictionary(let values): values.mapValues(jsonValue)
        }
    }
}

/// Serialises writes so that lines from concurrent tasks never interleave.
final class LogOutput: Sendable {
    static let standardError = LogOutput(handle: .standardError)
    private let handle: FileHandle
    private let lock = NSLock()

    init(handle: FileHandle) { self.handle = handle }

    func write(_ text: String) {
        lock.withLock { handle.write(Data(text.utf8)) }
    }
}

public enum LoggingSetup {
    /// Installs the chosen form for the whole process; swift-log allows this once.
    public static func bootstrap(format: DeskgateConfiguration.LogFormat, level: DeskgateConfiguration.LogLevel) {
        let logLevel = Logger.Level(rawValue: level.rawValue) ?? .info
        let form: LogLineHandler.Form = format == .json ? .json : .text
        LoggingSystem.bootstrap { label in
            LogLineHandler(label: label, form: form, output: .standardError, logLevel: logLevel)
        }
    }
}
