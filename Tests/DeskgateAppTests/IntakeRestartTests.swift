@testable import DeskgateApp
import DeskgateStore
import DeskgateTestSupport
import DeskgateTransport
import Foundation
import PostgresNIO
import Testing

/// Intake when PostgreSQL or Dovecot restarts in the middle of a poll: whether that poll
/// fails or waits it out, the next one journals exactly the messages not yet recorded.
/// The server that restarts is a private one of the test's own, so the shared ones stay up.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_IMAP_PORT"] != nil || TestServices.isCI,
                "needs the test Dovecot (scripts/test.sh starts it) and PostgreSQL's binaries"))
struct IntakeRestartTests {
    let logger = ScratchDatabase.logger

    func withJournal(_ cluster: EmbeddedPostgres, _ body: @Sendable @escaping (Database, InboundJournal) async throws -> Void) async throws {
        try await Database(endpoint: cluster.endpoint, maximumConnections: 4, logger: logger)
            .withRunningClient(probeTimeout: .seconds(30), logger: logger) { database in
                try await body(database, InboundJournal(client: database.client, logger: logger))
            }
    }

    @Test(.timeLimit(.minutes(5)))
    func postgreSQLRestartingMidPollLosesAndDuplicatesNothing() async throws {
        let count = 300
        let state = try TemporaryDirectory()
        let cluster = try EmbeddedPostgres(stateDirectory: state.path, binDirectory: nil, logger: logger)
        _ = try await cluster.start()
        let imap = try TestIMAP.client()
        let folder = try await TestIMAP.folder("Restart", client: imap)
        let maildir = try TestServices.require("DESKGATE_TEST_IMAP_MAILDIR")
        for number in 1...count {
            _ = FileManager.default.createFile(atPath: "\(maildir)/.\(folder)/new/1700000000.M\(number)P2.restart",
                                               contents: Data(TestIMAP.message("restart \(number)", id: "restart-\(number)-\(folder)")),
                                               attributes: [.posixPermissions: 0o666])
        }
        let settings = MailboxSettings(
            name: "restart", host: "127.0.0.1", port: try TestIMAP.port(), security: .none,
            username: try TestServices.require("DESKGATE_TEST_IMAP_USER"),
            password: Secret(try TestServices.require("DESKGATE_TEST_IMAP_PASSWORD")), folders: [folder],
            address: nil, caFile: nil, pollInterval: .seconds(60), after: .flagSeen)
        do {
            // The server restarts while the poll is under way. The poll may fail, or wait for a
            // connection and carry on once the server is back; either way nothing is lost.
            try await withJournal(cluster) { database, journal in
                _ = try await Migrator(client: database.client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
                let poller = MailboxPoller(settings: settings, client: imap, journal: journal, logger: logger)
                let polling = Task { try await poller.pollOnce() }
                while try await journal.count() < count / 4 { try await Task.sleep(for: .milliseconds(20)) }
                try await cluster.stop()
                _ = try await cluster.start()
                _ = try? await polling.value
            }
            // The next poll (a new process in cron use) records exactly what is still missing.
            try await withJournal(cluster) { database, journal in
                let before = try await journal.count()
                #expect(before >= count / 4)
                let report = try await MailboxPoller(settings: settings, client: imap, journal: journal, logger: logger).pollOnce()
                #expect(before + report.journaled == count)
                #expect(report.alreadyJournaled == 0)
                #expect(try await journal.count() == count)
                for try await ids in try await database.client.query(
                    "SELECT count(DISTINCT message_id)::int FROM inbound_journal", logger: logger).decode(Int.self) {
                    #expect(ids == count)
                }
                let mailboxID = try await journal.mailboxID(named: "restart", address: nil)
                #expect(try await journal.checkpoint(mailboxID: mailboxID, folder: folder)?.lastUID == UInt32(count))
            }
        } catch {
            let log = (try? String(contentsOfFile: state.path + "/postgres/server.log", encoding: .utf8)) ?? "no server log"
            Issue.record("server log: \(log.suffix(2000))")
            try? await cluster.stop()
            throw error
        }
        try await cluster.stop()
    }

    @Test(.timeLimit(.minutes(5)))
    func dovecotRestartingMidPollLosesAndDuplicatesNothing() async throws {
        // Enough that the poll is still under way when the server stops: it journals
        // about two thousand a second.
        let count = 10_000
        let dovecot = try await PrivateDovecot()
        var imapSettings = try TestIMAP.settings()
        imapSettings.port = dovecot.port
        let imap = try CurlIMAPClient(settings: imapSettings)
        let folder = "Restart" + UUID().uuidString.prefix(8)
        try await imap.createFolder(folder)
        for number in 1...count {
            _ = FileManager.default.createFile(atPath: "\(dovecot.maildir)/.\(folder)/new/1700000000.M\(number)P3.restart",
                                               contents: Data(TestIMAP.message("dovecot restart \(number)", id: "dovecot-restart-\(number)")),
                                               attributes: [.posixPermissions: 0o666])
        }
        let settings = MailboxSettings(
            name: "dovecot-restart", host: "127.0.0.1", port: dovecot.port, security: .none,
            username: try TestServices.require("DESKGATE_TEST_IMAP_USER"),
            password: Secret(try TestServices.require("DESKGATE_TEST_IMAP_PASSWORD")), folders: [folder],
            address: nil, caFile: nil, pollInterval: .seconds(60), after: .flagSeen)
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        try await scratch.withClient { client in
            _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            let journal = InboundJournal(client: client, logger: logger)
            let poller = MailboxPoller(settings: settings, client: imap, journal: journal, logger: logger)
            async let interrupted = try? await poller.pollOnce()
            while try await journal.count() < IntakeBatch.maximumMessages { try await Task.sleep(for: .milliseconds(10)) }
            try await dovecot.stop()
            let journaledWhileStopped = try await journal.count()
            try await dovecot.start()
            // The poll may fail, or find the server back and carry on; either way nothing is lost.
            _ = await interrupted
            #expect(journaledWhileStopped < count, "the poll had finished before Dovecot stopped")
            let before = try await journal.count()
            // The same client goes on: libcurl notices the dead connection and logs in again.
            let report = try await poller.pollOnce()
            #expect(before + report.journaled == count)
            #expect(report.alreadyJournaled == 0)
            #expect(try await journal.count() == count)
            for try await ids in try await client.query("SELECT count(DISTINCT message_id)::int FROM inbound_journal", logger: logger).decode(Int.self) {
                #expect(ids == count)
            }
            let mailboxID = try await journal.mailboxID(named: "dovecot-restart", address: nil)
            #expect(try await journal.checkpoint(mailboxID: mailboxID, folder: folder)?.lastUID == UInt32(count))
        }
    }
}
