import DeskgateStore
import Logging

/// `deskgate migrate`: bring the configured database to this build's schema.
public enum MigrateCommand {
    public struct Outcome: Sendable, Encodable {
        public let applied: [Int]
        public let alreadyApplied: [Int]
        public let schemaVersion: Int
        public let database: String

        enum CodingKeys: String, CodingKey {
            case applied, alreadyApplied = "already_applied", schemaVersion = "schema_version", database
        }

        public var summary: String {
            applied.isEmpty
                ? "database \(database) is at schema version \(schemaVersion); nothing to apply"
                : "applied \(applied.count) migration(s) (\(applied.map(String.init).joined(separator: ", "))) to \(database); schema version \(schemaVersion)"
        }
    }

    public static func run(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> Outcome {
        let migrations = try MigrationCatalog.bundled()
        return try await DatabaseAccess.with(configuration, logger: logger) { database in
            let report = try await Migrator(client: database.client, migrations: migrations, logger: logger).migrate()
            return Outcome(applied: report.applied, alreadyApplied: report.alreadyApplied,
                           schemaVersion: report.currentVersion, database: database.endpoint.description)
        }
    }
}
