import Logging
import PostgresNIO

/// Keeps PostgreSQL's statistics of the tables the ticket engine looks things up in current
/// while a large backlog is processed. The engine's statements are prepared once per
/// connection; PostgreSQL settles on a generic plan after a few runs and keeps it until the
/// statistics change. Made while the tables were nearly empty, that plan scans them whole —
/// fine for ten rows, a millisecond per mail at thousands — and autovacuum, on its
/// once-a-minute round, comes too late for a catch-up of thousands of mails. A table whose
/// rows changed more than it held at its last analysis is analysed again; the new
/// statistics make every connection plan its statements anew.
public struct PlannerStatistics: Sendable {
    static let tables = ["messages", "tickets", "ticket_references", "contact_addresses", "ticket_participants", "outbox", "inbound_journal"]

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Analyses the tables that have grown out of their statistics; returns their names.
    @discardableResult
    public func refreshGrownTables(minimumChanges: Int = 200) async throws -> [String] {
        let rows = try await client.query("""
            SELECT s.relname::text FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE s.schemaname = current_schema() AND s.relname = ANY(\(Self.tables))
              AND s.n_mod_since_analyze > greatest(\(minimumChanges)::float4, c.reltuples)
            ORDER BY 1
            """, logger: logger)
        var grown: [String] = []
        for try await name in rows.decode(String.self) { grown.append(name) }
        guard !grown.isEmpty else { return [] }
        // The names come from the fixed list above, never from input.
        try await client.query(PostgresQuery(unsafeSQL: "ANALYZE " + grown.joined(separator: ", ")), logger: logger)
        logger.debug("refreshed planner statistics", metadata: ["tables": "\(grown.joined(separator: ","))"])
        return grown
    }
}
