import DeskgateStore
import DeskgateTestSupport
import PostgresNIO
import Testing

/// While a backlog drains, a table that has outgrown its statistics is analysed again, so
/// prepared look-ups stop using plans made when it was empty.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct PlannerStatisticsTests {
    let logger = ScratchDatabase.logger

    @Test(.timeLimit(.minutes(1)))
    func aTableThatOutgrewItsStatisticsIsAnalysedOnceAndNotAgainUntilItGrowsMore() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        try await scratch.withClient { client in
            let logger = self.logger
            _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            let statistics = PlannerStatistics(client: client, logger: logger)
            try await statistics.refreshGrownTables()

            try await queueMails(500, client)
            var analysed: [String] = []
            for _ in 0..<50 where !analysed.contains("outbox") {
                analysed = try await statistics.refreshGrownTables()
                if !analysed.contains("outbox") { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(analysed.contains("outbox"))
            #expect(try await estimatedRows("outbox", client) == 500)
            #expect(try await statistics.refreshGrownTables().contains("outbox") == false)
        }
    }

    @Test func tablesWithFewChangesAreLeftToAutovacuum() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        try await scratch.withClient { client in
            let logger = self.logger
            _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: logger).migrate()
            try await queueMails(20, client)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await PlannerStatistics(client: client, logger: logger).refreshGrownTables().contains("outbox") == false)
        }
    }

    private func queueMails(_ count: Int, _ client: PostgresClient) async throws {
        let logger = self.logger
        try await client.withConnection { connection in
            // Counted changes reach the statistics views when the session reports them.
            try await connection.query("SELECT pg_stat_force_next_flush()", logger: logger)
            try await connection.query("""
                INSERT INTO outbox (purpose, message_id, recipients)
                SELECT 'acknowledgement', 'm' || n || '@desk.example', ARRAY['user' || n || '@example.com']
                FROM generate_series(1, \(count)) AS n
                """, logger: logger)
        }
    }

    private func estimatedRows(_ table: String, _ client: PostgresClient) async throws -> Int {
        let rows = try await client.query("SELECT reltuples::int FROM pg_class WHERE relname = \(table)", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return -1
    }
}
