import DeskgateMail
import DeskgateStore
import DeskgateTransport
import Foundation
import Logging

/// The embedded default's local inbox: a Maildir under the state directory. A message
/// dropped into `new/` is journaled, then moved to `cur/` — in that order, so a crash
/// between the two leaves it in `new/`, where the journal recognises it by file name.
public struct MaildirIntake: Sendable {
    public static let mailboxName = "local"

    public let directory: String
    let journal: InboundJournal
    let logger: Logger

    public init(directory: String, journal: InboundJournal, logger: Logger) {
        self.directory = directory
        self.journal = journal
        self.logger = logger
    }

    public func prepare() throws {
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
    }

    /// Journals every message waiting in `new/`; returns how many were new to the journal.
    public func collect() async throws -> Int {
        let directory = self.directory
        let names = try await BlockingExecutor.run {
            try FileManager.default.contentsOfDirectory(atPath: "\(directory)/new").filter { !$0.hasPrefix(".") }.sorted()
        }
        guard !names.isEmpty else { return 0 }
        let mailboxID = try await journal.mailboxID(named: Self.mailboxName, address: nil)
        var recorded = 0
        for name in names {
            let path = "\(directory)/new/\(name)"
            guard let raw = try await BlockingExecutor.run({ FileManager.default.contents(atPath: path).map { [UInt8]($0) } }) else {
                continue // taken by someone else meanwhile
            }
            if case .recorded = try await journal.recordOther(raw, messageID: HeaderBlock.of(raw).messageID, source: "maildir", sourceKey: name,
                                                              mailboxID: mailboxID) {
                recorded += 1
            }
            let target = "\(directory)/cur/\(name.split(separator: ":").first.map(String.init) ?? name):2,S"
            do {
                try await BlockingExecutor.run { try FileManager.default.moveItem(atPath: path, toPath: target) }
            } catch {
                logger.warning("journaled but not moved to cur/", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        return recorded
    }
}
