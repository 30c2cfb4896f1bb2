@testable import DeskgateApp
import DeskgateStore
import DeskgateTestSupport
import Foundation
import PostgresNIO
import Testing

/// The ticket engine on the real PostgreSQL: what several workers, odd bytes and replays
/// do to the tickets. (What each kind of mail becomes is in the scenario suites.)
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct TicketEngineTests {
    let logger = ScratchDatabase.logger

    func withEngine(environment: [String: String] = [:],
                    _ body: @Sendable @escaping (PostgresClient, InboundJournal, TicketEngine) async throws -> Void) async throws {
        let scratch = try await ScratchDatabase.create()
        let directory = try TemporaryDirectory()
        let configuration = try await ConfigurationLoader.load(explicitPath: nil, environment: environment, workingDirectory: directory.path)
        do {
            try await scratch.withClient { client in
                _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: ScratchDatabase.logger).migrate()
                let engine = try await TicketEngine.make(client: client, configuration: configuration, logger: ScratchDatabase.logger)
                try await body(client, InboundJournal(client: client, logger: ScratchDatabase.logger), engine)
            }
        } catch {
            await scratch.drop()
            throw error
        }
        await scratch.drop()
    }

    static func mail(_ number: Int, body: String = "The printer is broken.") -> [UInt8] {
        Array("""
            From: User \(number) <user\(number)@customer.example>\r
            To: support@desk.example\r
            Subject: Printer \(number)\r
            Message-ID: <m\(number)@customer.example>\r
            \r
            \(body)\r

            """.utf8)
    }

    func count(_ client: PostgresClient, _ sql: String) async throws -> Int {
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) { return Int(value) }
        return 0
    }

    @Test func twoWorkersOnOneJournalMakeEachTicketOnce() async throws {
        try await withEngine { client, journal, engine in
            // Fifty mails, each delivered to two of our mailboxes: a hundred journal entries.
            let first = try await journal.mailboxID(named: "support", address: nil)
            let second = try await journal.mailboxID(named: "helpdesk", address: nil)
            for number in 1...50 {
                for mailbox in [first, second] {
                    _ = try await journal.recordDelivery(Self.mail(number), messageID: "<m\(number)@customer.example>", source: "file", mailboxID: mailbox)
                }
            }
            async let a = JournalDrain(journal: journal, processor: engine).drain(batchSize: 7)
            async let b = JournalDrain(journal: journal, processor: engine).drain(batchSize: 7)
            let counts = try await [a, b]
            #expect(counts.reduce(0) { $0 + $1.processed } == 100)
            #expect(counts.allSatisfy { $0.quarantined == 0 })
            #expect(try await count(client, "SELECT count(*) FROM tickets") == 50)
            #expect(try await count(client, "SELECT count(*) FROM decisions WHERE outcome = 'duplicate'") == 50)
            #expect(try await count(client, "SELECT count(*) FROM inbound_journal WHERE state <> 'processed'") == 0)
            #expect(try await count(client, "SELECT count(DISTINCT number) FROM tickets") == 50)
        }
    }

    @Test func aReplyInTheSameBatchAsTheMailItAnswersJoinsThatTicket() async throws {
        try await withEngine { client, journal, engine in
            let mailbox = try await journal.mailboxID(named: "support", address: nil)
            let reply = Array("""
                From: User 1 <user1@customer.example>\r
                To: support@desk.example\r
                Subject: Re: Printer 1\r
                Message-ID: <reply1@customer.example>\r
                In-Reply-To: <m1@customer.example>\r
                \r
                It is still broken.\r

                """.utf8)
            var ids: [Int64] = []
            for (raw, messageID) in [(Self.mail(1), "<m1@customer.example>"), (reply, "<reply1@customer.example>"),
                                     (Self.mail(1), "<m1@customer.example>")] {
                ids.append(try await journal.recordDelivery(raw, messageID: messageID, source: "file", mailboxID: mailbox))
            }
            #expect(engine.preferredBatchSize >= ids.count)
            let counts = try await JournalDrain(journal: journal, processor: engine).drain()
            #expect(counts == .init(processed: 3, quarantined: 0))
            #expect(try await count(client, "SELECT count(*) FROM tickets") == 1)
            let outcomes = try await client.query("SELECT outcome FROM decisions ORDER BY journal_id", logger: logger)
            var decided: [String] = []
            for try await outcome in outcomes.decode(String.self) { decided.append(outcome) }
            #expect(decided == ["new_ticket", "follow_up", "duplicate"])
            #expect(try await count(client, "SELECT count(*) FROM messages WHERE direction = 'inbound'") == 2)
        }
    }

    @Test func repliesToManyTicketsLookedUpTogetherEachFindTheirOwnTicket() async throws {
        try await withEngine { client, journal, engine in
            let mailbox = try await journal.mailboxID(named: "support", address: nil)
            for number in 1...4 {
                _ = try await journal.recordDelivery(Self.mail(number), messageID: "<m\(number)@customer.example>", source: "file", mailboxID: mailbox)
            }
            _ = try await JournalDrain(journal: journal, processor: engine).drain()
            var tickets: [(reference: String, acknowledgement: String)] = []
            for number in 1...4 {
                let rows = try await client.query("""
                    SELECT t.reference, o.message_id FROM tickets t JOIN outbox o ON o.ticket_id = t.id
                    WHERE t.subject = \("Printer \(number)")
                    """, logger: logger)
                for try await (reference, messageID) in rows.decode((String, String).self) { tickets.append((reference, messageID)) }
            }
            #expect(tickets.count == 4)
            func reply(from sender: String, subject: String, inReplyTo: String?, id: String) -> [UInt8] {
                Array("""
                    From: \(sender)\r
                    To: support@desk.example\r
                    Subject: \(subject)\r
                    Message-ID: <\(id)@customer.example>\r
                    \(inReplyTo.map { "In-Reply-To: \($0)\r\n" } ?? "")\r
                    Any news?\r

                    """.utf8)
            }
            // One batch: a tagged reply, a reply threaded only by our signed Message-ID, a
            // stranger using a valid tag, and a new mail.
            let batch = [
                reply(from: "user1@customer.example", subject: "Re: [\(tickets[0].reference)] Printer 1", inReplyTo: nil, id: "r1"),
                reply(from: "user2@customer.example", subject: "Re: Printer 2", inReplyTo: tickets[1].acknowledgement, id: "r2"),
                reply(from: "stranger@elsewhere.example", subject: "Re: [\(tickets[2].reference)] Printer 3", inReplyTo: nil, id: "r3"),
                Self.mail(5),
            ]
            for (raw, id) in zip(batch, ["<r1@customer.example>", "<r2@customer.example>", "<r3@customer.example>", "<m5@customer.example>"]) {
                _ = try await journal.recordDelivery(raw, messageID: id, source: "file", mailboxID: mailbox)
            }
            #expect(try await JournalDrain(journal: journal, processor: engine).drain() == .init(processed: 4, quarantined: 0))
            let rows = try await client.query("""
                SELECT d.outcome, coalesce(t.reference, '') FROM decisions d JOIN inbound_journal j ON j.id = d.journal_id
                LEFT JOIN tickets t ON t.id = d.ticket_id WHERE j.message_id LIKE '<r%' OR j.message_id = '<m5@customer.example>' ORDER BY d.journal_id
                """, logger: logger)
            var decided: [String] = []
            for try await (outcome, reference) in rows.decode((String, String).self) { decided.append("\(outcome) \(reference)") }
            #expect(decided.count == 4)
            #expect(decided.first == "follow_up \(tickets[0].reference)")
            #expect(decided.dropFirst().first == "follow_up \(tickets[1].reference)")
            // The stranger's mail and the new one open tickets of their own.
            #expect(decided.dropFirst(2).allSatisfy { $0.hasPrefix("new_ticket ") && !tickets.map(\.reference).contains(String($0.dropFirst(11))) })
            #expect(try await count(client, "SELECT count(*) FROM tickets") == 6)
        }
    }

    @Test func theSenderBudgetCountsAcknowledgementsQueuedEarlierInTheSameBatch() async throws {
        try await withEngine(environment: ["DESKGATE_MAIL_BUDGET_PER_HOUR": "2"]) { client, journal, engine in
            let mailbox = try await journal.mailboxID(named: "support", address: nil)
            for number in 1...4 {
                let raw = Array("""
                    From: robot@peer.example\r
                    To: support@desk.example\r
                    Subject: Thank you for your message \(number)\r
                    Message-ID: <robot\(number)@peer.example>\r
                    \r
                    We received your message.\r

                    """.utf8)
                _ = try await journal.recordDelivery(raw, messageID: "<robot\(number)@peer.example>", source: "file", mailboxID: mailbox)
            }
            let counts = try await JournalDrain(journal: journal, processor: engine).drain()
            #expect(counts.processed == 4)
            #expect(try await count(client, "SELECT count(*) FROM outbox WHERE purpose = 'ack' AND state = 'queued'") == 2)
            #expect(try await count(client, "SELECT count(*) FROM outbox WHERE purpose = 'ack' AND state = 'suppressed'") == 2)
        }
    }

    @Test func textPostgreSQLCannotHoldIsStoredWithoutTheNULNotQuarantined() async throws {
        try await withEngine { client, journal, engine in
            let mailbox = try await journal.mailboxID(named: "support", address: nil)
            let id = try await journal.recordDelivery(Self.mail(1, body: "nul\u{0}byte"), messageID: nil, source: "file", mailboxID: mailbox)
            let result = try await engine.handle(try #require(try await journal.entry(id: id)))
            #expect(result.outcome == "new_ticket")
            #expect(try await count(client, "SELECT count(*) FROM messages WHERE body_text LIKE 'nulbyte%'") == 1)
        }
    }

    @Test func anEntryAlreadyHandledIsNotHandledTwice() async throws {
        try await withEngine { client, journal, engine in
            let mailbox = try await journal.mailboxID(named: "support", address: nil)
            let id = try await journal.recordDelivery(Self.mail(1), messageID: nil, source: "file", mailboxID: mailbox)
            let entry = try #require(try await journal.entry(id: id))
            _ = try await engine.handle(entry)
            await #expect(throws: EngineError.self) { try await engine.handle(entry) }
            #expect(try await count(client, "SELECT count(*) FROM tickets") == 1)
            #expect(try await count(client, "SELECT count(*) FROM messages WHERE direction = 'inbound'") == 1)
            #expect(try await count(client, "SELECT count(*) FROM outbox WHERE purpose = 'ack'") == 1)
        }
    }

    @Test func attachmentsAreKeptOncePerContent() async throws {
        try await withEngine { client, journal, engine in
            let mailbox = try await journal.mailboxID(named: "support", address: nil)
            for number in 1...2 {
                let raw = Array("""
                    From: u\(number)@customer.example\r
                    Subject: Screenshot \(number)\r
                    Message-ID: <att\(number)@customer.example>\r
                    Content-Type: multipart/mixed; boundary=X\r
                    \r
                    --X\r
                    Content-Type: text/plain\r
                    \r
                    See the error.\r
                    --X\r
                    Content-Type: image/png; name=shot.png\r
                    Content-Disposition: attachment; filename=shot.png\r
                    Content-Transfer-Encoding: base64\r
                    \r
                    iVBORw0KGgo=\r
                    --X--\r

                    """.utf8)
                let id = try await journal.recordDelivery(raw, messageID: nil, source: "file", mailboxID: mailbox)
                _ = try await engine.handle(try #require(try await journal.entry(id: id)))
            }
            #expect(try await count(client, "SELECT count(*) FROM attachments WHERE filename = 'shot.png'") == 2)
            #expect(try await count(client, "SELECT count(*) FROM attachment_blobs") == 1)
        }
    }
}
