import DeskgateStore
import DeskgateTransport
import Foundation
import Logging
import ServiceLifecycle

/// The pollers of `deskgate serve`: every mailbox on its own interval, the local Maildir,
/// and the processing of what was journaled. A failing mailbox backs off exponentially
/// with jitter and never holds up the others.
struct IntakeService: Service, CustomStringConvertible {
    var description: String { "IntakeService" }

    let configuration: DeskgateConfiguration
    let database: Database
    let schemaReady: Gate
    let logger: Logger

    /// Backoff after `failures` consecutive failures: 5 s doubling to at most 15 min, ±50 %.
    static func backoff(failures: Int) -> Duration {
        let base = min(5.0 * pow(2.0, Double(max(0, failures - 1))), 900)
        return .milliseconds(Int(base * Double.random(in: 0.5...1.5) * 1000))
    }

    func run() async throws {
        let journal = InboundJournal(client: database.client, logger: logger)
        let health = MailboxHealth(client: database.client, logger: logger)
        let lease = FolderLease(client: database.client, holder: Self.holderName(stateDirectory: configuration.stateDirectory), logger: logger)
        let maildir = MaildirIntake(directory: configuration.stateDirectory + "/inbox", journal: journal, logger: logger)
        try await BlockingExecutor.run { try maildir.prepare() }
        do {
            // Until the schema is migrated there is nothing to poll into; a start-up that
            // fails before then must still be able to shut this service down.
            try await cancelWhenGracefulShutdown { try await schemaReady.waitUntilOpen() }
            let engine = try await TicketEngine.make(client: database.client, configuration: configuration, logger: logger)
            let drain = JournalDrain(journal: journal, processor: engine)
            try await pollUntilShutdown(journal: journal, health: health, lease: lease, maildir: maildir, drain: drain)
        } catch is CancellationError {
            // Graceful shutdown cancels the loop mid-sleep; that is a normal end.
        }
        try? await lease.releaseAll()
    }

    private func pollUntilShutdown(journal: InboundJournal, health: MailboxHealth, lease: FolderLease,
                                   maildir: MaildirIntake, drain: JournalDrain) async throws {
        let mailboxes = configuration.mailboxes
        try await cancelWhenGracefulShutdown {
            var schedule = mailboxes.map { Scheduled(settings: $0, due: .now, failures: 0) }
            while !Task.isCancelled {
                for index in schedule.indices where schedule[index].due <= .now {
                    schedule[index] = await poll(schedule[index], journal: journal, health: health, lease: lease)
                }
                do {
                    _ = try await maildir.collect()
                    let counts = try await drain.drain()
                    if counts.processed + counts.quarantined > 0 {
                        logger.info("processed inbound mail", metadata: ["processed": "\(counts.processed)", "quarantined": "\(counts.quarantined)"])
                    }
                } catch {
                    logger.error("processing inbound mail failed", metadata: ["error": "\(ErrorText.describe(error))"])
                }
                let nextDue = schedule.map(\.due).min() ?? .now.advanced(by: .seconds(5))
                let wait = min(max(ContinuousClock.now.duration(to: nextDue), .milliseconds(200)), .seconds(2))
                try await Task.sleep(for: wait)
            }
        }
    }

    struct Scheduled {
        var settings: MailboxSettings
        var due: ContinuousClock.Instant
        var failures: Int
    }

    private func poll(_ entry: Scheduled, journal: InboundJournal, health: MailboxHealth, lease: FolderLease) async -> Scheduled {
        var entry = entry
        do {
            let client = try CurlIMAPClient(settings: await entry.settings.imapSettings())
            let report = try await MailboxPoller(settings: entry.settings, client: client, journal: journal, lease: lease, logger: logger).pollOnce()
            if report.journaled > 0 {
                logger.info("journaled new mail", metadata: ["mailbox": "\(entry.settings.name)", "count": "\(report.journaled)"])
            }
            try await health.recordSuccess(mailboxName: entry.settings.name)
            entry.failures = 0
            entry.due = .now.advanced(by: entry.settings.pollInterval)
        } catch {
            entry.failures += 1
            let delay = Self.backoff(failures: entry.failures)
            let text = ErrorText.describe(error)
            logger.error("polling failed; backing off", metadata: [
                "mailbox": "\(entry.settings.name)", "error": "\(text)", "retry_in_s": "\(delay.components.seconds)"])
            try? await health.recordFailure(mailboxName: entry.settings.name, error: text)
            entry.due = .now.advanced(by: delay)
        }
        return entry
    }

    /// The same daemon restarted after a crash takes its folders back at once; another
    /// machine (or another state directory) is another holder and waits for the lease to run out.
    static func holderName(stateDirectory: String, role: String = "serve") -> String {
        "\(ProcessInfo.processInfo.hostName):\(stateDirectory):\(role)"
    }
}

/// Opens once; serve's services wait on it for the schema. Waiting is cancellable.
actor Gate {
    private var isOpen = false

    func open() { isOpen = true }

    func waitUntilOpen() async throws {
        while !isOpen { try await Task.sleep(for: .milliseconds(50)) }
    }
}
