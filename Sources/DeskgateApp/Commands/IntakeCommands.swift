import DeskgateStore
import DeskgateTransport
import Foundation
import Logging

/// `deskgate poll --once` and `deskgate quarantine …`.
public enum IntakeCommands {
    public struct PollOutcome: Sendable, Encodable {
        public var mailboxes: [MailboxPoller.Report]
        public var processing: JournalDrain.Counts
        /// Wall-clock seconds spent taking mail into the journal, and processing it.
        public var intakeSeconds: Double
        public var processingSeconds: Double

        enum CodingKeys: String, CodingKey {
            case mailboxes, processing, intakeSeconds = "intake_seconds", processingSeconds = "processing_seconds"
        }
    }

    public struct UnknownMailbox: Error, CustomStringConvertible {
        public let name: String
        public let known: [String]
        public var description: String {
            "no mailbox named '\(name)' is configured" + (known.isEmpty ? "; add one under mailboxes: or set DESKGATE_IMAP_URL"
                : "; configured: \(known.joined(separator: ", "))")
        }
    }

    public static func pollOnce(_ configuration: DeskgateConfiguration, mailbox: String?, logger: Logger) async throws -> PollOutcome {
        let selected = try mailboxes(configuration, named: mailbox)
        return try await DatabaseAccess.with(configuration, logger: logger) { database in
            _ = try await Migrator(client: database.client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            let journal = InboundJournal(client: database.client, logger: logger)
            let health = MailboxHealth(client: database.client, logger: logger)
            // A cron-driven poll and a running daemon never poll the same folder at once.
            let lease = FolderLease(client: database.client, holder: IntakeService.holderName(stateDirectory: configuration.stateDirectory, role: "poll"), logger: logger)
            var reports: [MailboxPoller.Report] = []
            let clock = ContinuousClock()
            let intakeStart = clock.now
            for settings in selected {
                do {
                    let client = try CurlIMAPClient(settings: await settings.imapSettings())
                    reports.append(try await MailboxPoller(settings: settings, client: client, journal: journal, lease: lease, logger: logger).pollOnce())
                    try await health.recordSuccess(mailboxName: settings.name)
                } catch {
                    try? await health.recordFailure(mailboxName: settings.name, error: ErrorText.describe(error))
                    // One broken mailbox never stops the others.
                    logger.error("polling failed", metadata: ["mailbox": "\(settings.name)", "error": "\(ErrorText.describe(error))"])
                    reports.append(.init(mailbox: settings.name, error: ErrorText.describe(error)))
                }
            }
            try? await lease.releaseAll()
            let processingStart = clock.now
            let engine = try await TicketEngine.make(client: database.client, configuration: configuration, logger: logger)
            let counts = try await JournalDrain(journal: journal, processor: engine).drain()
            return PollOutcome(mailboxes: reports, processing: counts, intakeSeconds: (processingStart - intakeStart).seconds,
                               processingSeconds: (clock.now - processingStart).seconds)
        }
    }

    public struct QuarantineItem: Sendable, Encodable {
        public var id: Int64
        public var source: String
        public var reason: String
        public var attempts: Int
        public var receivedAt: String
        public var size: Int

        enum CodingKeys: String, CodingKey {
            case id, source, reason, attempts, receivedAt = "received_at", size
        }
    }

    public static func quarantineList(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> [QuarantineItem] {
        try await withJournal(configuration, logger: logger) { journal in
            try await journal.quarantined().map(item)
        }
    }

    public static func quarantineShow(_ configuration: DeskgateConfiguration, id: Int64, logger: Logger) async throws -> (QuarantineItem, [UInt8])? {
        try await withJournal(configuration, logger: logger) { journal in
            guard let entry = try await journal.entry(id: id), entry.state == "quarantined" else { return nil }
            return (item(entry), entry.raw)
        }
    }

    /// Puts quarantined messages back in line and processes them again.
    public static func replay(_ configuration: DeskgateConfiguration, id: Int64?, logger: Logger) async throws -> (replayed: Int, counts: JournalDrain.Counts) {
        try await withJournal(configuration, logger: logger) { journal in
            let replayed = try await journal.replay(id: id)
            let engine = try await TicketEngine.make(client: journal.client, configuration: configuration, logger: logger)
            let counts = try await JournalDrain(journal: journal, processor: engine).drain()
            return (replayed, counts)
        }
    }

    static func item(_ entry: JournalEntry) -> QuarantineItem {
        QuarantineItem(id: entry.id, source: entry.source, reason: entry.quarantineReason ?? "", attempts: entry.attempts,
                       receivedAt: ISO8601DateFormatter().string(from: entry.receivedAt), size: entry.raw.count)
    }

    static func mailboxes(_ configuration: DeskgateConfiguration, named name: String?) throws -> [MailboxSettings] {
        guard let name else { return configuration.mailboxes }
        guard let mailbox = configuration.mailboxes.first(where: { $0.name == name }) else {
            throw UnknownMailbox(name: name, known: configuration.mailboxes.map(\.name))
        }
        return [mailbox]
    }

    static func withJournal<Result: Sendable>(
        _ configuration: DeskgateConfiguration, logger: Logger, _ body: @Sendable @escaping (InboundJournal) async throws -> Result
    ) async throws -> Result {
        try await DatabaseAccess.with(configuration, logger: logger) { database in
            _ = try await Migrator(client: database.client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            return try await body(InboundJournal(client: database.client, logger: logger))
        }
    }
}

extension IntakeCommands {
    public static func mailboxStatus(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> [MailboxHealth.State] {
        try await withJournal(configuration, logger: logger) { journal in
            try await MailboxHealth(client: journal.client, logger: logger).states()
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
