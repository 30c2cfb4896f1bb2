@testable import DeskgateApp
import DeskgateMail
import DeskgateStore
import DeskgateTestSupport
import DeskgateTransport
import Foundation
import PostgresNIO
import Testing

/// Intake against the real Dovecot and PostgreSQL: every message journaled exactly once,
/// the server touched only after the record committed, bad messages quarantined.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_IMAP_PORT"] != nil || TestServices.isCI,
                "needs the test Dovecot and PostgreSQL (scripts/test.sh starts them)"))
struct MailboxPollerTests {
    let logger = ScratchDatabase.logger

    func mailboxSettings(folder: String, after: MailboxSettings.AfterRecording) throws -> MailboxSettings {
        MailboxSettings(
            name: "support-\(folder)", host: "127.0.0.1", port: try TestIMAP.port(),
            security: .none, username: try TestServices.require("DESKGATE_TEST_IMAP_USER"),
            password: Secret(try TestServices.require("DESKGATE_TEST_IMAP_PASSWORD")), folders: [folder],
            address: "help@example.com", caFile: nil, pollInterval: .seconds(60), after: after)
    }

    func message(_ subject: String) -> [UInt8] { TestIMAP.message(subject) }

    /// A scratch database, migrated, and a fresh IMAP folder with the given messages.
    func withIntake(_ messages: [[UInt8]], _ body: @Sendable @escaping (InboundJournal, CurlIMAPClient, String) async throws -> Void) async throws {
        let scratch = try await ScratchDatabase.create()
        let imap = try TestIMAP.client()
        let folder = try await TestIMAP.folder("In", with: messages, client: imap)
        do {
            try await scratch.withClient { client in
                _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: ScratchDatabase.logger).migrate()
                try await body(InboundJournal(client: client, logger: ScratchDatabase.logger), imap, folder)
            }
        } catch {
            await scratch.drop()
            throw error
        }
        await scratch.drop()
    }

    @Test func journalsEveryMessageOnceAndFlagsItAfterwards() async throws {
        try await withIntake([message("one"), message("two"), message("three")]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            let first = try await poller.pollOnce()
            #expect(first.journaled == 3)
            let second = try await poller.pollOnce()
            #expect(second.journaled == 0 && second.alreadyJournaled == 0)
            #expect(try await journal.count() == 3)
            let mailboxID = try await journal.mailboxID(named: "support-\(folder)", address: nil)
            let checkpoint = try await journal.checkpoint(mailboxID: mailboxID, folder: folder)
            #expect(checkpoint?.lastUID == 3)
        }
    }

    @Test func theSameMessageTwiceInOneBatchIsJournaledOnce() async throws {
        let copy = TestIMAP.message("twice", id: "twice-\(UUID().uuidString)")
        try await withIntake([copy, message("other"), copy]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            let report = try await poller.pollOnce()
            #expect(report.journaled == 2)
            #expect(report.alreadyJournaled == 1)
            #expect(try await journal.count() == 2)
        }
    }

    @Test func aFolderLargerThanOneBatchIsJournaledInOrderAndMovedCompletely() async throws {
        let count = IntakeBatch.maximumMessages * 2 + 7
        try await withIntake((1...count).map { message("batch \($0)") }) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .moveTo(folder + "-done")),
                                       client: imap, journal: journal, logger: logger)
            #expect(try await poller.pollOnce().journaled == count)
            #expect(try await imap.status(of: folder).messageCount == 0)
            #expect(try await imap.status(of: folder + "-done").messageCount == count)
            let entries = try await journal.pending(limit: count + 1)
            #expect(entries.map { HeaderBlock.of($0.raw).first("Subject")?.text } == (1...count).map { "batch \($0)" })
        }
    }

    @Test(.timeLimit(.minutes(30)))
    func aFolderOfThirtyThousandMessagesIsJournaledCompletelyAndOnce() async throws {
        let count = 30_000
        try await withIntake([]) { journal, imap, folder in
            // Written straight into Dovecot's Maildir (its `new/` folder, as a delivery agent
            // does): appending thirty thousand over IMAP would take longer than the poll itself.
            let maildir = try TestServices.require("DESKGATE_TEST_IMAP_MAILDIR")
            let incoming = "\(maildir)/.\(folder)/new"
            try FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
            for number in 1...count {
                let name = "\(incoming)/1700000000.M\(number)P1.deskgate-test"
                guard FileManager.default.createFile(atPath: name, contents: Data(TestIMAP.message("bulk \(number)", id: "bulk-\(number)-\(folder)")),
                                                     attributes: [.posixPermissions: 0o666]) else {
                    Issue.record("cannot write \(name)")
                    return
                }
            }
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            let first = try await poller.pollOnce()
            #expect(first.journaled == count)
            #expect(first.alreadyJournaled == 0)
            let second = try await poller.pollOnce()
            #expect(second.journaled == 0 && second.alreadyJournaled == 0)
            #expect(try await journal.count() == count)
            let checkpoint = try await journal.checkpoint(mailboxID: try await journal.mailboxID(named: "support-\(folder)", address: nil),
                                                          folder: folder)
            #expect(checkpoint?.lastUID == UInt32(count))
        }
    }

    @Test func movesMessagesOnlyOnceTheyAreRecorded() async throws {
        try await withIntake([message("a"), message("b")]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .moveTo(folder + "-done")),
                                       client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            #expect(try await imap.status(of: folder).messageCount == 0)
            #expect(try await imap.status(of: folder + "-done").messageCount == 2)
            #expect(try await journal.count() == 2)
        }
    }

    @Test func deleteModeRemovesRecordedMessages() async throws {
        try await withIntake([message("a")]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .delete), client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            #expect(try await imap.status(of: folder).messageCount == 0)
            #expect(try await journal.count() == 1)
        }
    }

    @Test func aChangedUIDValidityResynchronisesWithoutDuplicates() async throws {
        try await withIntake([message("a"), message("b")]) { journal, imap, folder in
            let settings = try mailboxSettings(folder: folder, after: .flagSeen)
            let poller = MailboxPoller(settings: settings, client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            // As if the folder had been recreated: our checkpoint now names another UIDVALIDITY.
            let mailboxID = try await journal.mailboxID(named: settings.name, address: nil)
            try await journal.resetCheckpoint(mailboxID: mailboxID, folder: folder, uidValidity: 1)
            let report = try await poller.pollOnce()
            #expect(report.resynchronisedFolders == [folder])
            #expect(report.journaled == 0)
            #expect(report.alreadyJournaled == 2)
            #expect(try await journal.count() == 2)
        }
    }

    @Test func aMalformedMessageIsQuarantinedAndTheRestFlows() async throws {
        let junk = Array("this is not a mail message at all\r\n".utf8)
        try await withIntake([message("good 1"), junk, message("good 2")]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            let counts = try await JournalDrain(journal: journal, processor: ParseRecordingProcessor()).drain()
            #expect(counts == .init(processed: 2, quarantined: 1))
            let quarantined = try await journal.quarantined()
            #expect(quarantined.count == 1)
            #expect(quarantined.first?.quarantineReason?.contains("no header section") == true)
            #expect(quarantined.first?.raw == junk)
        }
    }

    @Test func aReplayedMessageIsProcessedAgain() async throws {
        try await withIntake([message("fine")]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            let entry = try #require(try await journal.pending(limit: 1).first)
            try await journal.quarantine(id: entry.id, reason: "processing failed: database hiccup")
            #expect(try await journal.replay(id: entry.id) == 1)
            let counts = try await JournalDrain(journal: journal, processor: ParseRecordingProcessor()).drain()
            #expect(counts.processed == 1)
            #expect(try await journal.entry(id: entry.id)?.attempts == 2)
        }
    }

    @Test func aProcessorThatFailsQuarantinesOnlyItsMessage() async throws {
        struct Flaky: InboundProcessor {
            func process(_ entry: JournalEntry) async throws -> InboundOutcome {
                if String(decoding: entry.raw, as: UTF8.self).contains("explode") { throw CancellationError() }
                return .processed(summary: "{}")
            }
        }
        try await withIntake([message("explode"), message("calm")]) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            let counts = try await JournalDrain(journal: journal, processor: Flaky()).drain()
            #expect(counts == .init(processed: 1, quarantined: 1))
        }
    }

    @Test func aBatchThatFailsIsRetriedOneByOneAndOnlyTheCulpritIsQuarantined() async throws {
        /// Takes four at a time and, like a transaction, applies none of them when one fails.
        final class Batching: BatchingInboundProcessor, @unchecked Sendable {
            let lock = NSLock()
            var batches: [Int] = []
            var preferredBatchSize: Int { 4 }
            func process(_ entry: JournalEntry) async throws -> InboundOutcome {
                if String(decoding: entry.raw, as: UTF8.self).contains("explode") { throw CancellationError() }
                return .processed(summary: "{}")
            }
            func process(together entries: [JournalEntry]) async throws -> [InboundOutcome] {
                lock.withLock { batches.append(entries.count) }
                var outcomes: [InboundOutcome] = []
                for entry in entries { outcomes.append(try await process(entry)) }
                return outcomes
            }
        }
        let messages = (1...6).map { message($0 == 2 ? "explode" : "calm \($0)") }
        try await withIntake(messages) { journal, imap, folder in
            let poller = MailboxPoller(settings: try mailboxSettings(folder: folder, after: .flagSeen), client: imap, journal: journal, logger: logger)
            _ = try await poller.pollOnce()
            let processor = Batching()
            let counts = try await JournalDrain(journal: journal, processor: processor).drain()
            #expect(counts == .init(processed: 5, quarantined: 1))
            #expect(processor.lock.withLock { processor.batches } == [4, 2])
            let quarantined = try await journal.quarantined()
            #expect(quarantined.map { String(decoding: $0.raw, as: UTF8.self).contains("explode") } == [true])
        }
    }
}
