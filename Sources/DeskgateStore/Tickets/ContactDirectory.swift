import Logging
import PostgresNIO

/// People by address: each address belongs to one contact, created the first time it is seen.
struct ContactDirectory: Sendable {
    let logger: Logger

    /// The contact of each person (by canonical address), created when new.
    func contacts(_ people: [Person], on connection: PostgresConnection) async throws -> [String: Int64] {
        let unique = Self.unique(people)
        guard !unique.isEmpty else { return [:] }
        let rows = try await connection.prepared(UpsertContacts.self, """
            WITH \(contactsOf: unique) SELECT address, contact_id FROM people
            """, logger: logger)
        var result: [String: Int64] = [:]
        for row in rows {
            let (address, id) = try row.decode((String, Int64).self)
            result[address] = id
        }
        guard result.count == unique.count else {
            throw JournalError.missingRow("contacts for \(unique.map(\.address).filter { result[$0] == nil })")
        }
        return result
    }

    /// Each address once, first mention first.
    static func unique(_ people: [Person]) -> [Person] {
        var seen = Set<String>()
        return people.filter { seen.insert($0.address).inserted }
    }

    /// Marks a contact as an agent (configured agent addresses).
    func markAgent(_ contactID: Int64, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE contacts SET is_agent = true WHERE id = \(contactID) AND NOT is_agent", logger: logger)
    }
}

private enum UpsertContacts {}

extension PostgresQuery.StringInterpolation {
    /// Common table expressions that end in `people (address, contact_id)`: the contact of
    /// each person, created the first time an address is seen, so that a statement can
    /// use the people it names without a round trip of its own. `people` must name each
    /// address once.
    mutating func appendInterpolation(contactsOf people: [Person]) {
        let addresses = people.map(\.address)
        appendLiteral("contact_input AS (SELECT * FROM unnest(")
        appendInterpolation(addresses)
        appendLiteral("::text[], ")
        appendInterpolation(people.map(\.name))
        appendLiteral("::text[], ")
        appendInterpolation(people.map(\.writtenAs))
        appendLiteral("""
            ::text[]) AS i(address, name, written)),
            -- By the address index: joined with the unnested input, a plan prepared early
            -- hashes the whole table for every mail.
            contact_existing AS (SELECT a.address, a.contact_id FROM contact_addresses a WHERE a.address = ANY(
            """)
        appendInterpolation(addresses)
        appendLiteral("""
            ::text[])),
            contact_missing AS (
                SELECT i.address, i.name, i.written, nextval(pg_get_serial_sequence('contacts', 'id')) AS id
                FROM contact_input i WHERE NOT EXISTS (SELECT 1 FROM contact_existing e WHERE e.address = i.address)),
            contact_created AS (INSERT INTO contacts (id, display_name) OVERRIDING SYSTEM VALUE SELECT id, name FROM contact_missing),
            -- An address another transaction linked since this one looked: that link wins (the
            -- update waits for it and hands it back), and the contact made here stays unused.
            contact_linked AS (
                INSERT INTO contact_addresses (address, contact_id, written_as) SELECT address, id, written FROM contact_missing
                ON CONFLICT (address) DO UPDATE SET address = EXCLUDED.address RETURNING address, contact_id),
            people (address, contact_id) AS (
                SELECT address, contact_id FROM contact_existing UNION ALL SELECT address, contact_id FROM contact_linked)
            """)
    }
}
