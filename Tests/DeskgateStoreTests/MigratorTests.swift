import DeskgateStore
import DeskgateTestSupport
import PostgresNIO
import Testing

@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct MigratorTests {
    let logger = ScratchDatabase.logger

    func withScratch(_ body: @Sendable @escaping (PostgresClient) async throws -> Void) async throws {
        let scratch = try await ScratchDatabase.create()
        do {
            try await scratch.withClient(body)
        } catch {
            await scratch.drop()
            throw error
        }
        await scratch.drop()
    }

    @Test func appliesEveryMigrationToAnEmptyDatabase() async throws {
        let migrations = try MigrationCatalog.bundled()
        try await withScratch { client in
            let report = try await Migrator(client: client, migrations: migrations, logger: logger).migrate()
            #expect(report.applied == migrations.map(\.version))
            #expect(report.currentVersion == migrations.last?.version)
        }
    }

    @Test func secondRunChangesNothing() async throws {
        let migrations = try MigrationCatalog.bundled()
        try await withScratch { client in
            let migrator = Migrator(client: client, migrations: migrations, logger: logger)
            _ = try await migrator.migrate()
            let before = try await schemaFingerprint(client)
            let second = try await migrator.migrate()
            #expect(second.applied.isEmpty)
            #expect(second.alreadyApplied == migrations.map(\.version))
            let after = try await schemaFingerprint(client)
            #expect(after == before)
        }
    }

    @Test func createsTheRecordsEveryLaterPartBuildsOn() async throws {
        let migrations = try MigrationCatalog.bundled()
        try await withScratch { client in
            _ = try await Migrator(client: client, migrations: migrations, logger: logger).migrate()
            let tables = Set(try await tableNames(client))
            let expected: Set<String> = [
                "schema_migrations", "mailboxes", "folder_checkpoints", "inbound_journal", "contacts",
                "contact_addresses", "tickets", "ticket_references", "ticket_state_changes", "ticket_participants",
                "messages", "attachment_blobs", "attachments", "outbox", "decisions", "knowledge_articles",
            ]
            #expect(expected.isSubset(of: tables), "missing: \(expected.subtracting(tables).sorted())")
        }
    }

    @Test func journalRefusesTheSameIMAPMessageTwice() async throws {
        let migrations = try MigrationCatalog.bundled()
        try await withScratch { client in
            _ = try await Migrator(client: client, migrations: migrations, logger: logger).migrate()
            try await client.query("INSERT INTO mailboxes (name) VALUES ('support')", logger: logger)
            let insert: PostgresQuery = """
                INSERT INTO inbound_journal (mailbox_id, source, folder, uid_validity, uid, raw, raw_sha256, size_bytes)
                SELECT id, 'imap', 'INBOX', 7, 42, '\\x00'::bytea, '\\x00'::bytea, 1 FROM mailboxes
                ON CONFLICT DO NOTHING
                """
            try await client.query(insert, logger: logger)
            try await client.query(insert, logger: logger)
            let rows = try await client.query("SELECT count(*)::int FROM inbound_journal", logger: logger)
            var count = -1
            for try await value in rows.decode(Int.self) { count = value }
            #expect(count == 1)
        }
    }

    @Test func refusesAMigrationEditedAfterItWasApplied() async throws {
        let original = Migration(version: 1, name: "first", sql: "CREATE TABLE first_table (x int);")
        let edited = Migration(version: 1, name: "first", sql: "CREATE TABLE first_table (x bigint);")
        try await withScratch { client in
            _ = try await Migrator(client: client, migrations: [original], logger: logger).migrate()
            await #expect(throws: MigrationError.edited(version: 1, name: "first")) {
                _ = try await Migrator(client: client, migrations: [edited], logger: logger).migrate()
            }
        }
    }

    @Test func failedMigrationLeavesNothingBehind() async throws {
        let broken = Migration(version: 1, name: "broken", sql: "CREATE TABLE half (x int); SELECT no_such_function();")
        try await withScratch { client in
            await #expect(throws: (any Error).self) {
                _ = try await Migrator(client: client, migrations: [broken], logger: logger).migrate()
            }
            let tables = try await tableNames(client)
            #expect(!tables.contains("half"))
            let applied = try await Migrator(client: client, migrations: [], logger: logger).appliedVersions()
            #expect(applied.isEmpty)
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let migrations = try MigrationCatalog.bundled()
        try await withScratch { client in
            let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await Migrator(client: client, migrations: migrations, logger: logger).migrate() }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.flatMap(\.applied).sorted() == migrations.map(\.version))
        }
    }

    private func tableNames(_ client: PostgresClient) async throws -> [String] {
        let rows = try await client.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'", logger: logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    private func schemaFingerprint(_ client: PostgresClient) async throws -> [String] {
        let rows = try await client.query("""
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1
            """, logger: logger)
        var columns: [String] = []
        for try await column in rows.decode(String.self) { columns.append(column) }
        let applied = try await client.query("SELECT version::text || applied_at::text FROM schema_migrations ORDER BY 1", logger: logger)
        for try await entry in applied.decode(String.self) { columns.append(entry) }
        return columns
    }
}
