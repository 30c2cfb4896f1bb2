import DeskgateMail
import Foundation

/// The embedded default's outbox when no SMTP server is configured: each mail becomes an
/// `.eml` file (written under a temporary name, then renamed, so a reader never sees half
/// of one) with its envelope in a `.json` beside it.
public struct FileMailSender: MailSender {
    public let directory: String

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        self.directory = directory
    }

    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws -> SendReport {
        let directory = self.directory
        try await BlockingExecutor.run {
            let stem = Self.fileStem(for: message)
            let envelope = try JSONSerialization.data(withJSONObject: ["mail_from": sender, "rcpt_tos": recipients], options: [.sortedKeys])
            for (suffix, data) in [(".json", envelope), (".eml", Data(message))] {
                let temporary = "\(directory)/.\(stem)\(suffix).tmp"
                guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
                    throw TransportError(kind: .internalFailure, detail: "cannot write \(temporary)")
                }
                _ = try? FileManager.default.removeItem(atPath: "\(directory)/\(stem)\(suffix)")
                try FileManager.default.moveItem(atPath: temporary, toPath: "\(directory)/\(stem)\(suffix)")
            }
        }
        return SendReport(accepted: recipients)
    }

    /// Named by the Message-ID, so a mail sent again after a crash replaces its first copy.
    static func fileStem(for message: [UInt8]) -> String {
        let id = HeaderBlock.of(message).messageID ?? UUID().uuidString
        return String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }).trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }
}
