@testable import DeskgateStore
import DeskgateTestSupport
import PostgresNIO
import Testing

/// Contacts on the real PostgreSQL: one contact per address, even when two transactions
/// meet the same new address at once.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct ContactDirectoryTests {
    let logger = ScratchDatabase.logger

    @Test(.timeLimit(.minutes(1)))
    func anAddressAnotherTransactionIsLinkingMeanwhileGetsThatTransactionsContact() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        try await scratch.withClient { client in
            let logger = self.logger
            _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            let directory = ContactDirectory(logger: logger)
            let colleague = Person(address: "new.colleague@customer.example", name: "New Colleague")
            try await client.withConnection { first in
                try await first.query("BEGIN", logger: logger)
                let linkedFirst = try await directory.contacts([colleague], on: first)[colleague.address]
                // A second transaction meets the same address before the first commits: it
                // must wait for the first's link and take it, not make a second contact.
                async let second = client.withConnection { second in
                    try await second.query("BEGIN", logger: logger)
                    let ids = try await directory.contacts([colleague, Person(address: "other@customer.example")], on: second)
                    try await second.query("COMMIT", logger: logger)
                    return ids
                }
                var waiting = 0
                for _ in 0..<100 where waiting == 0 {
                    try await Task.sleep(for: .milliseconds(50))
                    waiting = try await Self.count(client, """
                        SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                        """, logger: logger)
                }
                #expect(waiting == 1)
                try await first.query("COMMIT", logger: logger)
                let linkedSecond = try await second
                #expect(linkedSecond[colleague.address] == linkedFirst)
                #expect(linkedSecond["other@customer.example"] != nil)
            }
            #expect(try await Self.count(client, "SELECT count(*) FROM contact_addresses WHERE address = 'new.colleague@customer.example'",
                                         logger: logger) == 1)
        }
    }

    static func count(_ client: PostgresClient, _ sql: String, logger: Logger) async throws -> Int {
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) { return Int(value) }
        return 0
    }
}
