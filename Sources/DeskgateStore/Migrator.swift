import Logging
import PostgresNIO

/// Brings a database to the schema this build expects. Each migration runs in its own
/// transaction under an advisory lock, so two instances starting together apply it once.
public struct Migrator: Sendable {
    public struct Report: Sendable, Equatable {
        public var applied: [Int]
        public var alreadyApplied: [Int]
        public var currentVersion: Int { (applied + alreadyApplied).max() ?? 0 }
    }

    /// Arbitrary but fixed: the advisory lock key that serialises migrators ("DESKGATE" in hex-ish).
    static let lockKey: Int64 = 0x4445_534B_4741_5445

    let client: PostgresClient
    let migrations: [Migration]
    let logger: Logger

    public init(client: PostgresClient, migrations: [Migration], logger: Logger) {
        self.client = client
        self.migrations = migrations
        self.logger = logger
    }

    public func migrate() async throws -> Report {
        try await client.transaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
        }

        var report = Report(applied: [], alreadyApplied: [])
        for migration in migrations {
            let wasApplied = try await client.transaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
                if let recorded = try await recordedChecksum(of: migration.version, on: connection) {
                    guard recorded == migration.checksum else {
                        throw MigrationError.edited(version: migration.version, name: migration.name)
                    }
                    return true
                }
                for statement in SQLScript.statements(in: migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                    logger: logger)
                return false
            }
            if wasApplied {
                report.alreadyApplied.append(migration.version)
            } else {
                report.applied.append(migration.version)
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }

        let known = Set(migrations.map(\.version))
        for version in try await appliedVersions() where !known.contains(version) {
            throw MigrationError.unknownApplied(version: version)
        }
        return report
    }

    public func appliedVersions() async throws -> [Int] {
        let rows = try await client.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger)
        var versions: [Int] = []
        for try await version in rows.decode(Int.self) { versions.append(version) }
        return versions
    }

    private func recordedChecksum(of version: Int, on connection: PostgresConnection) async throws -> String? {
        let rows = try await connection.query(
            "SELECT checksum FROM schema_migrations WHERE version = \(version)", logger: logger)
        for try await checksum in rows.decode(String.self) { return checksum }
        return nil
    }
}
