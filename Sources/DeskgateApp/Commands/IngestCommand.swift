import DeskgateMail
import DeskgateStore
import Foundation
import Logging

/// `deskgate ingest`: messages from files, directories or stdin, processed exactly as if a
/// mailbox had delivered them.
public enum IngestCommand {
    public struct Input: Sendable {
        /// How the message is named in the output: the file's name, or `-` for stdin.
        public var label: String
        public var bytes: [UInt8]
    }

    public struct UnreadableInput: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "cannot read '\(path)': no such file or directory, or no permission" }
    }

    /// Files in argument order; a directory's files in lexical name order (hidden files skipped).
    public static func inputs(_ paths: [String], standardInput: () -> [UInt8]) throws -> [Input] {
        var result: [Input] = []
        for path in paths {
            if path == "-" {
                result.append(Input(label: "-", bytes: standardInput()))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw UnreadableInput(path: path) }
            let files: [String]
            if isDirectory.boolValue {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { throw UnreadableInput(path: path) }
                files = names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }.filter {
                    var nested: ObjCBool = false
                    return FileManager.default.fileExists(atPath: $0, isDirectory: &nested) && !nested.boolValue
                }
            } else {
                files = [path]
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw UnreadableInput(path: file) }
                result.append(Input(label: URL(fileURLWithPath: file).lastPathComponent, bytes: Array(data)))
            }
        }
        return result
    }

    /// Journals and processes each input in order, reporting each result as it is committed.
    public static func ingest(_ configuration: DeskgateConfiguration, mailbox name: String?, inputs: [Input], logger: Logger,
                              report: @Sendable @escaping (IngestResult) -> Void) async throws {
        let mailbox = try mailboxFor(configuration, named: name)
        try await DatabaseAccess.with(configuration, logger: logger) { database in
            _ = try await Migrator(client: database.client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            let journal = InboundJournal(client: database.client, logger: logger)
            let mailboxID = try await journal.mailboxID(named: mailbox.name, address: mailbox.address)
            let engine = try await TicketEngine.make(client: database.client, configuration: configuration, logger: logger)
            for input in inputs {
                let messageID = HeaderBlock.of(input.bytes).messageID
                let id = try await journal.recordDelivery(input.bytes, messageID: messageID, source: input.label == "-" ? "stdin" : "file",
                                                          mailboxID: mailboxID)
                guard let entry = try await journal.entry(id: id) else { throw JournalError.missingRow("journal entry \(id)") }
                var result: IngestResult
                do {
                    result = try await engine.handle(entry)
                } catch where DatabaseErrorMessage.isTransient(error) {
                    throw error
                } catch {
                    // The mail is kept and can be replayed; the next one goes on.
                    let reason = "processing failed: \(ErrorText.describe(error))"
                    try await journal.quarantine(id: id, reason: reason)
                    result = IngestResult(journalID: id, messageID: messageID, outcome: "quarantined", ticket: nil, kind: nil,
                                          reopened: false, autoAck: false, csat: nil, reason: reason, rule: "processing_failed",
                                          linkedTo: nil, priority: nil)
                }
                result.file = input.label
                report(result)
            }
        }
    }

    /// The named mailbox, else the first configured, else the local Maildir inbox.
    static func mailboxFor(_ configuration: DeskgateConfiguration, named name: String?) throws -> (name: String, address: String?) {
        if let name {
            if name == MaildirIntake.mailboxName { return (name, nil) }
            guard let mailbox = configuration.mailboxes.first(where: { $0.name == name }) else {
                throw IntakeCommands.UnknownMailbox(name: name, known: configuration.mailboxes.map(\.name) + [MaildirIntake.mailboxName])
            }
            return (mailbox.name, mailbox.address)
        }
        return configuration.mailboxes.first.map { ($0.name, $0.address) } ?? (MaildirIntake.mailboxName, nil)
    }
}
