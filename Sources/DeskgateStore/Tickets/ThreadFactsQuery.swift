import DeskgateCore
import Foundation
import Logging
import PostgresNIO

/// What to look up for one mail before deciding where it belongs.
public struct ThreadQuery: Sendable {
    public var messageID: String?
    public var fingerprint: String
    public var subjectReferences: [String]
    public var threadMessageIDs: [String]
    /// Our signed Message-IDs among `threadMessageIDs` (signature already checked) → ticket number.
    public var signedTicketNumbers: [String: Int64]

    public init(messageID: String?, fingerprint: String, subjectReferences: [String], threadMessageIDs: [String],
                signedTicketNumbers: [String: Int64]) {
        self.messageID = messageID
        self.fingerprint = fingerprint
        self.subjectReferences = subjectReferences
        self.threadMessageIDs = threadMessageIDs
        self.signedTicketNumbers = signedTicketNumbers
    }

    /// The key that serialises processing of copies of the same mail.
    var lockKey: String { messageID ?? "fingerprint:\(fingerprint)" }
}



struct ThreadFactsQuery: Sendable {
    let logger: Logger

    /// What one statement finds out about a mail's thread.
    struct Lookup {
        var facts: ThreadFacts
        /// How much automatic mail went to the address asked about lately.
        var history: Outbox.RecipientHistory?
        /// A ticket id and number drawn for the mail, when asked for and it is no copy of a
        /// mail already recorded.
        var reservation: TicketReservation?
    }

    /// The thread facts and, for mail that names no ticket (it will almost always open one
    /// and be acknowledged), how much automatic mail went to `historyOf` lately and, with
    /// `reserve`, the new ticket's id and number: one statement costs one round trip.
    func facts(for query: ThreadQuery, historyOf address: String?, reserve: Bool, on connection: PostgresConnection) async throws
        -> Lookup {
        let numbers = Array(Set(query.signedTicketNumbers.values))
        let rows = try await connection.prepared(ThreadLinks.self, """
            WITH recipient (address) AS (SELECT \(address)::text),
            history AS (\(unescaped: Outbox.historySelect)),
            links (kind, key, ticket_id) AS (
                -- Two branches, each by its own index (message_id, fingerprint): one OR over
                -- both columns made the planner walk every message in id order.
                SELECT 'duplicate', '', ticket_id FROM (
                    (SELECT id, ticket_id FROM messages
                     WHERE direction = 'inbound' AND message_id = \(query.messageID) ORDER BY id LIMIT 1)
                    UNION ALL
                    (SELECT id, ticket_id FROM messages
                     WHERE direction = 'inbound' AND \(query.messageID)::text IS NULL AND fingerprint = \(query.fingerprint) ORDER BY id LIMIT 1)
                    ORDER BY id LIMIT 1) first_copy
                UNION ALL SELECT 'reference', reference, ticket_id FROM ticket_references WHERE reference = ANY(\(query.subjectReferences))
                UNION ALL SELECT 'message', message_id, ticket_id FROM messages WHERE message_id = ANY(\(query.threadMessageIDs))
                UNION ALL SELECT 'number', number::text, id FROM tickets WHERE number = ANY(\(numbers))),
            -- Drawn only when the mail is no copy: a duplicate would leave a gap in the numbers.
            reserved AS (
                SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id, nextval('ticket_numbers') AS number
                WHERE \(reserve) AND NOT EXISTS (SELECT 1 FROM links WHERE kind = 'duplicate'))
            SELECT h.last_hour, h.last_day, h.undeliverable_until, r.id, r.number, l.kind, l.key, \(unescaped: Self.ticketColumns)
            FROM history h LEFT JOIN reserved r ON true LEFT JOIN (links l JOIN tickets t ON t.id = l.ticket_id) ON true
            """, logger: logger)
        var lookup = Lookup(facts: ThreadFacts())
        for row in rows {
            let columns = PostgresRandomAccessRow(row)
            if lookup.history == nil, address != nil { lookup.history = try Outbox.decodeHistory(columns) }
            if lookup.reservation == nil, let id = try columns[3].decode(Int64?.self), let number = try columns[4].decode(Int64?.self) {
                lookup.reservation = TicketReservation(id: id, number: number)
            }
            // No link: the row carries the history and reservation alone.
            guard let kind = try columns[5].decode(String?.self) else { continue }
            let key = try columns[6].decode(String.self)
            let ticket = TicketFacts(
                id: try columns[7].decode(Int64.self), number: try columns[8].decode(Int64.self), reference: try columns[9].decode(String.self),
                kind: TicketKind(rawValue: try columns[10].decode(String.self)) ?? .incident,
                state: TicketState(rawValue: try columns[11].decode(String.self)) ?? .new, resolvedAt: try columns[12].decode(Date?.self),
                requester: try columns[13].decode(String.self), participants: Set(try columns[14].decode([String].self)))
            switch kind {
            case "duplicate":
                lookup.facts.alreadyRecorded = true
                lookup.facts.alreadyRecordedOn = ticket
            case "reference": lookup.facts.ticketsByReference[key] = ticket
            case "message": if lookup.facts.ticketsByMessageID[key] == nil { lookup.facts.ticketsByMessageID[key] = ticket }
            default:
                for (messageID, number) in query.signedTicketNumbers where String(number) == key {
                    lookup.facts.ticketsBySignedMessageID[messageID] = ticket
                }
            }
        }
        return lookup
    }

    /// A ticket's state and people, as `TicketFacts` needs them.
    static let ticketColumns = """
        t.id, t.number, t.reference, t.kind, t.state, t.resolved_at,
        coalesce((SELECT address FROM contact_addresses WHERE contact_id = t.requester_id ORDER BY created_at LIMIT 1), ''),
        ARRAY(SELECT a.address FROM ticket_participants p JOIN contact_addresses a ON a.contact_id = p.contact_id WHERE p.ticket_id = t.id)
        """
}

private enum ThreadLinks {}
