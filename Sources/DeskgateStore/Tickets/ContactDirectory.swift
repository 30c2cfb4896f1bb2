import Logging
import PostgresNIO

/// People by address: each address belongs to one contact, created the first time it is seen.
struct ContactDirectory: Sendable {
    let logger: Logger

    /// The contact of `address` (canonical, lower-case), created when new.
    func contact(address: String, name: String, writtenAs: String, on connection: PostgresConnection) async throws -> Int64 {
        for _ in 0..<2 {
            let rows = try await connection.query("""
                WITH existing AS (SELECT contact_id FROM contact_addresses WHERE address = \(address)),
                created AS (
                    INSERT INTO contacts (display_name) SELECT \(name) WHERE NOT EXISTS (SELECT 1 FROM existing) RETURNING id),
                linked AS (
                    INSERT INTO contact_addresses (address, contact_id, written_as)
                    SELECT \(address), id, \(writtenAs) FROM created ON CONFLICT (address) DO NOTHING RETURNING contact_id)
                SELECT contact_id FROM existing UNION ALL SELECT contact_id FROM linked
                """, logger: logger)
            for try await id in rows.decode(Int64.self) { return id }
            // Another transaction linked the address first; its row is visible to the next statement.
            // The contact created here stays unlinked and is removed.
            try await connection.query("""
                DELETE FROM contacts c WHERE c.display_name = \(name) AND NOT EXISTS (SELECT 1 FROM contact_addresses a WHERE a.contact_id = c.id)
                  AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.requester_id = c.id OR t.assignee_id = c.id)
                  AND c.created_at = now()
                """, logger: logger)
        }
        throw JournalError.missingRow("contact for \(address)")
    }

    /// Marks a contact as an agent (configured agent addresses).
    func markAgent(_ contactID: Int64, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE contacts SET is_agent = true WHERE id = \(contactID) AND NOT is_agent", logger: logger)
    }
}
