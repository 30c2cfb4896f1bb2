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



/// One mail's question to `ThreadFactsQuery`: its thread, and for mail that names no ticket
/// (it will almost always open one and be acknowledged) how much automatic mail went to
/// `historyOf` lately and, with `reserve`, a new ticket's id and number.
public struct ThreadQuestion: Sendable {
    public var query: ThreadQuery
    public var historyOf: String?
    public var reserve: Bool

    public init(query: ThreadQuery, historyOf: String?, reserve: Bool) {
        self.query = query
        self.historyOf = historyOf
        self.reserve = reserve
    }
}

/// What the database knows of a mail's thread: the tickets it names and whether it is a copy
/// of a mail recorded already, with what its `ThreadQuestion` asked for besides.
public struct ThreadLookup: Sendable {
    public var facts: ThreadFacts
    /// The automatic mail sent to `historyOf` lately.
    public var history: Outbox.RecipientHistory?
    /// A new ticket's id and number, when asked for and the mail is no copy of a recorded one,
    /// so that its acknowledgement can be written with it.
    public var reservation: TicketReservation?
}

struct ThreadFactsQuery: Sendable {
    let logger: Logger

    /// The answers to several mails' questions, in their order, from one statement: one
    /// round trip for a batch of independent mails.
    func facts(for questions: [ThreadQuestion], on connection: PostgresConnection) async throws -> [ThreadLookup] {
        guard !questions.isEmpty else { return [] }
        // What each mail names, one row each: (mail, kind, key).
        var wanted: (positions: [Int32], kinds: [String], keys: [String]) = ([], [], [])
        for (position, question) in questions.enumerated() {
            func want(_ kind: String, _ keys: [String]) {
                for key in keys {
                    wanted.positions.append(Int32(position))
                    wanted.kinds.append(kind)
                    wanted.keys.append(key)
                }
            }
            want("reference", question.query.subjectReferences)
            want("message", question.query.threadMessageIDs)
            want("number", Set(question.query.signedTicketNumbers.values).sorted().map(String.init))
        }
        let rows = try await connection.prepared(ThreadLinks.self, """
            WITH input AS (
                -- Arrays cannot carry a missing Message-ID or address: an empty text stands for it.
                SELECT position, nullif(message_id, '') AS message_id, fingerprint, nullif(address, '') AS address, reserve
                FROM unnest(\(questions.indices.map(Int32.init))::int4[], \(questions.map { $0.query.messageID ?? "" })::text[],
                            \(questions.map(\.query.fingerprint))::text[], \(questions.map { $0.historyOf ?? "" })::text[],
                            \(questions.map(\.reserve))::bool[])
                    AS i(position, message_id, fingerprint, address, reserve)),
            wanted AS (SELECT * FROM unnest(\(wanted.positions)::int4[], \(wanted.kinds)::text[], \(wanted.keys)::text[]) AS w(position, kind, key)),
            -- Each look-up is a lateral subquery by its own index (OFFSET 0 keeps the planner
            -- from turning it into a join that hashes the whole table); the duplicate check has
            -- two branches (message_id, fingerprint): one OR over both columns made the planner
            -- walk every message in id order.
            links (position, kind, key, ticket_id) AS (
                SELECT i.position, 'duplicate', '', d.ticket_id FROM input i CROSS JOIN LATERAL (
                    SELECT ticket_id FROM (
                        (SELECT id, ticket_id FROM messages
                         WHERE direction = 'inbound' AND message_id = i.message_id ORDER BY id LIMIT 1)
                        UNION ALL
                        (SELECT id, ticket_id FROM messages
                         WHERE direction = 'inbound' AND i.message_id IS NULL AND fingerprint = i.fingerprint ORDER BY id LIMIT 1)
                        ORDER BY id LIMIT 1) first_copy) d
                UNION ALL SELECT w.position, w.kind, w.key, x.ticket_id FROM wanted w CROSS JOIN LATERAL (
                    SELECT ticket_id FROM ticket_references WHERE w.kind = 'reference' AND reference = w.key
                    UNION ALL SELECT ticket_id FROM messages WHERE w.kind = 'message' AND message_id = w.key
                    UNION ALL SELECT id FROM tickets WHERE w.kind = 'number' AND number = w.key::bigint OFFSET 0) x),
            -- Drawn only for mail that is no copy: a duplicate would leave a gap in the numbers.
            reserved AS (
                SELECT i.position, nextval(pg_get_serial_sequence('tickets', 'id')) AS id, nextval('ticket_numbers') AS number
                FROM input i WHERE i.reserve AND NOT EXISTS (SELECT 1 FROM links l WHERE l.position = i.position AND l.kind = 'duplicate'))
            SELECT i.position, h.last_hour, h.last_day, h.undeliverable_until, r.id, r.number, l.kind, l.key, \(unescaped: Self.ticketColumns)
            FROM input i
            CROSS JOIN LATERAL (\(unescaped: Outbox.historySelect(of: "i.address"))) h
            LEFT JOIN reserved r ON r.position = i.position
            LEFT JOIN (links l JOIN tickets t ON t.id = l.ticket_id) ON l.position = i.position
            """, logger: logger)
        var lookups = questions.map { _ in ThreadLookup(facts: ThreadFacts()) }
        var seen = Set<Int>()
        for row in rows {
            let columns = PostgresRandomAccessRow(row)
            let position = Int(try columns[0].decode(Int32.self))
            let question = questions[position]
            if seen.insert(position).inserted {
                if question.historyOf != nil { lookups[position].history = try Outbox.decodeHistory(columns, from: 1) }
                if let id = try columns[4].decode(Int64?.self), let number = try columns[5].decode(Int64?.self) {
                    lookups[position].reservation = TicketReservation(id: id, number: number)
                }
            }
            // No link: the row carries the history and reservation alone.
            guard let kind = try columns[6].decode(String?.self) else { continue }
            let key = try columns[7].decode(String.self)
            let ticket = TicketFacts(
                id: try columns[8].decode(Int64.self), number: try columns[9].decode(Int64.self), reference: try columns[10].decode(String.self),
                kind: TicketKind(rawValue: try columns[11].decode(String.self)) ?? .incident,
                state: TicketState(rawValue: try columns[12].decode(String.self)) ?? .new, resolvedAt: try columns[13].decode(Date?.self),
                requester: try columns[14].decode(String.self), participants: Set(try columns[15].decode([String].self)))
            switch kind {
            case "duplicate":
                lookups[position].facts.alreadyRecorded = true
                lookups[position].facts.alreadyRecordedOn = ticket
            case "reference": lookups[position].facts.ticketsByReference[key] = ticket
            case "message": if lookups[position].facts.ticketsByMessageID[key] == nil { lookups[position].facts.ticketsByMessageID[key] = ticket }
            default:
                for (messageID, number) in question.query.signedTicketNumbers where String(number) == key {
                    lookups[position].facts.ticketsBySignedMessageID[messageID] = ticket
                }
            }
        }
        return lookups
    }

    /// A ticket's state and people, as `TicketFacts` needs them.
    static let ticketColumns = """
        t.id, t.number, t.reference, t.kind, t.state, t.resolved_at,
        coalesce((SELECT address FROM contact_addresses WHERE contact_id = t.requester_id ORDER BY created_at LIMIT 1), ''),
        ARRAY(SELECT a.address FROM ticket_participants p JOIN contact_addresses a ON a.contact_id = p.contact_id WHERE p.ticket_id = t.id)
        """
}

private enum ThreadLinks {}
