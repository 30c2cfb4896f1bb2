import Logging
import PostgresNIO

/// People by address: each address belongs to one contact, created the first time it is seen.
struct ContactDirectory: Sendable {
    let logger: Logger

    /// The contact of each person (by canonical address), created when new: one statement
    /// for all of a mail's people.
    func contacts(_ people: [Person], on connection: PostgresConnection) async throws -> [String: Int64] {
        var unique: [Person] = []
        var seen = Set<String>()
        for person in people where seen.insert(person.address).inserted { unique.append(person) }
        guard !unique.isEmpty else { return [:] }
        var result: [String: Int64] = [:]
        for _ in 0..<2 {
            let wanted = unique.filter { result[$0.address] == nil }
            if wanted.isEmpty { break }
            let rows = try await connection.prepared(UpsertContacts.self, """
                WITH input AS (
                    SELECT * FROM unnest(\(wanted.map(\.address))::text[], \(wanted.map(\.name))::text[], \(wanted.map(\.writtenAs))::text[])
                        AS i(address, name, written)),
                -- By the address index: joined with the unnested input, a plan prepared
                -- early hashes the whole table for every mail.
                existing AS (SELECT a.address, a.contact_id FROM contact_addresses a WHERE a.address = ANY(\(wanted.map(\.address))::text[])),
                missing AS (
                    SELECT i.address, i.name, i.written, nextval(pg_get_serial_sequence('contacts', 'id')) AS id
                    FROM input i WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e.address = i.address)),
                created AS (INSERT INTO contacts (id, display_name) OVERRIDING SYSTEM VALUE SELECT id, name FROM missing),
                linked AS (
                    INSERT INTO contact_addresses (address, contact_id, written_as) SELECT address, id, written FROM missing
                    ON CONFLICT (address) DO NOTHING RETURNING address, contact_id)
                SELECT address, contact_id FROM existing UNION ALL SELECT address, contact_id FROM linked
                """, logger: logger)
            for row in rows {
                let (address, id) = try row.decode((String, Int64).self)
                result[address] = id
            }
            // An address another transaction linked first is missing here; the next statement sees it.
        }
        guard result.count == unique.count else {
            throw JournalError.missingRow("contacts for \(unique.map(\.address).filter { result[$0] == nil })")
        }
        return result
    }

    /// Marks a contact as an agent (configured agent addresses).
    func markAgent(_ contactID: Int64, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE contacts SET is_agent = true WHERE id = \(contactID) AND NOT is_agent", logger: logger)
    }
}

private enum UpsertContacts {}
