import DeskgateCore
import Foundation
import Logging
import PostgresNIO

/// The changes the ticket engine makes, each on the connection of the transaction that
/// journals the decision, so a crash leaves either all of them or none.
public struct TicketWriter: Sendable {
    let logger: Logger
    let contacts: ContactDirectory
    let facts: ThreadFactsQuery

    public init(logger: Logger) {
        self.logger = logger
        self.contacts = ContactDirectory(logger: logger)
        self.facts = ThreadFactsQuery(logger: logger)
    }

    /// Serialises the processing of copies of one mail (two mailboxes, two instances), so
    /// the duplicate check that follows cannot race. The locks of a batch of mails are taken
    /// in one statement, always in the same order, so two batches never wait on each other
    /// in a circle.
    public func lock(_ queries: [ThreadQuery], on connection: PostgresConnection) async throws {
        guard !queries.isEmpty else { return }
        _ = try await connection.prepared(LockMail.self, """
            SELECT pg_advisory_xact_lock(key)
            FROM (SELECT DISTINCT hashtextextended(k, 7) AS key FROM unnest(\(queries.map(\.lockKey))::text[]) AS k ORDER BY 1) keys
            """, logger: logger)
    }

    /// The lookups of several mails, in their order, in one statement. Only for mails that
    /// do not depend on each other: none may name what an earlier one will write.
    public func facts(for questions: [ThreadQuestion], on connection: PostgresConnection) async throws -> [ThreadLookup] {
        try await facts.facts(for: questions, on: connection)
    }

    /// What was decided about a journal entry, recorded with it.
    public struct Decision: Sendable {
        public var ticketID: Int64?
        public var outcome: String
        public var rule: String
        public var reason: String
        public var details: String

        public init(ticketID: Int64?, outcome: String, rule: String, reason: String, details: String) {
            self.ticketID = ticketID
            self.outcome = outcome
            self.rule = rule
            self.reason = reason
            self.details = details
        }
    }

    /// A journal entry done: the decision to record, the summary, and why it is quarantined
    /// when it is.
    public struct FinishedEntry: Sendable {
        public var journalID: Int64
        public var decision: Decision
        public var quarantineReason: String?
        public var summary: String

        public init(journalID: Int64, decision: Decision, quarantineReason: String?, summary: String) {
            self.journalID = journalID
            self.decision = decision
            self.quarantineReason = quarantineReason
            self.summary = summary
        }
    }

    /// Records the decisions and marks the journal entries done (or quarantined), in order,
    /// in one statement; false when another worker finished one of them first.
    public func finish(_ entries: [FinishedEntry], on connection: PostgresConnection) async throws -> Bool {
        guard !entries.isEmpty else { return true }
        let rows = try await connection.prepared(FinishEntries.self, """
            WITH input AS (
                SELECT * FROM unnest(\(entries.map(\.journalID))::bigint[], \(entries.map { $0.quarantineReason != nil })::bool[],
                                     \(entries.map { $0.quarantineReason?.storable ?? "" })::text[],
                                     \(entries.map(\.summary.jsonStorable))::text[], \(entries.map { $0.decision.ticketID ?? 0 })::bigint[],
                                     \(entries.map(\.decision.outcome))::text[], \(entries.map(\.decision.rule))::text[],
                                     \(entries.map(\.decision.reason.storable))::text[], \(entries.map(\.decision.details.jsonStorable))::text[])
                    WITH ORDINALITY AS i(id, quarantined, quarantine_reason, summary, ticket_id, outcome, rule, reason, details, position)),
            entry AS (
                UPDATE inbound_journal j
                SET state = CASE WHEN i.quarantined THEN 'quarantined' ELSE 'processed' END, attempts = j.attempts + 1,
                    parse_summary = i.summary::jsonb,
                    processed_at = CASE WHEN i.quarantined THEN j.processed_at ELSE now() END,
                    quarantined_at = CASE WHEN i.quarantined THEN now() ELSE j.quarantined_at END,
                    quarantine_reason = CASE WHEN i.quarantined THEN i.quarantine_reason END
                FROM input i WHERE j.id = i.id AND j.state = 'pending' RETURNING j.id),
            decided AS (
                INSERT INTO decisions (journal_id, ticket_id, outcome, rule, reason, details)
                SELECT i.id, nullif(i.ticket_id, 0), i.outcome, i.rule, i.reason, i.details::jsonb
                FROM input i WHERE i.id IN (SELECT id FROM entry) ORDER BY i.position)
            SELECT count(*) FROM entry
            """, logger: logger)
        return try rows.first?.decode(Int64.self) == Int64(entries.count)
    }

    public func contact(_ person: Person, on connection: PostgresConnection) async throws -> Int64 {
        let ids = try await contacts.contacts([person.storable], on: connection)
        guard let id = ids[person.address.storable] else { throw JournalError.missingRow("contact for \(person.address)") }
        return id
    }

    /// Opens a ticket with its reference, first state, people (made contacts when new) and
    /// first message in one statement — with its acknowledgement when that is composed
    /// already (which needs the ticket's number `reserved` beforehand).
    public func createTicket(_ ticket: NewTicket, participants: [Person], message: StoredMessage, actor: String,
                             reserved: TicketReservation? = nil, acknowledgement: Acknowledgement? = nil,
                             on connection: PostgresConnection) async throws -> TicketHandle {
        let requester = ticket.requester.storable
        let people = ContactDirectory.unique([requester] + participants.map(\.storable))
        let opening = Opening(ticket: ticket, requester: requester.address, actor: actor, reserved: reserved, message: message)
        let rows: [PostgresRow]
        if let acknowledgement, let record = acknowledgement.record {
            rows = try await connection.prepared(CreateTicketAndAcknowledge.self, """
                WITH \(contactsOf: people), \(opening: opening),
                \(acknowledgement: acknowledgement.mail, record: record, suggestions: acknowledgement.suggestions, ticket: .opened)
                SELECT t.id, t.number, t.reference, m.id FROM t, m
                """, logger: logger)
        } else {
            rows = try await connection.prepared(CreateTicket.self, """
                WITH \(contactsOf: people), \(opening: opening)
                SELECT t.id, t.number, t.reference, m.id FROM t, m
                """, logger: logger)
        }
        for row in rows {
            let (id, number, reference, messageRowID) = try row.decode((Int64, Int64, String, Int64).self)
            try await addAttachments(message.attachments, messageRowID: messageRowID, on: connection)
            if let acknowledgement, acknowledgement.record == nil { try await queue(acknowledgement, ticketID: id, on: connection) }
            return TicketHandle(id: id, number: number, reference: reference, kind: ticket.kind, state: .new)
        }
        throw JournalError.missingRow("new ticket")
    }

    /// What a new ticket's statement writes besides its people.
    struct Opening {
        var ticket: NewTicket
        var requester: String
        var actor: String
        var reserved: TicketReservation?
        var message: StoredMessage
    }

    /// Adds a mail to a ticket, and the people it names to the thread, in one statement.
    public func addFollowUp(_ message: StoredMessage, participants: [Person], ticketID: Int64,
                            on connection: PostgresConnection) async throws {
        let rows = try await connection.prepared(AddFollowUp.self, """
            WITH \(contactsOf: ContactDirectory.unique(participants.map(\.storable))),
            p AS (INSERT INTO ticket_participants (ticket_id, contact_id, role)
                  SELECT \(ticketID), contact_id, 'cc' FROM people ON CONFLICT (ticket_id, contact_id) DO NOTHING),
            u AS (UPDATE tickets SET updated_at = now() WHERE id = \(ticketID)),
            m AS (\(unescaped: Self.messageInsert) SELECT \(ticketID), \(bind: message) RETURNING id)
            SELECT id FROM m
            """, logger: logger)
        for row in rows {
            let messageRowID = try row.decode(Int64.self)
            try await addAttachments(message.attachments, messageRowID: messageRowID, on: connection)
            return
        }
        throw JournalError.missingRow("message")
    }

    @discardableResult
    public func addMessage(_ message: StoredMessage, ticketID: Int64, on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.prepared(AddMessage.self, """
            WITH u AS (UPDATE tickets SET updated_at = now() WHERE id = \(ticketID))
            \(unescaped: Self.messageInsert) SELECT \(ticketID), \(bind: message) RETURNING id
            """, logger: logger)
        for row in rows {
            let id = try row.decode(Int64.self)
            try await addAttachments(message.attachments, messageRowID: id, on: connection)
            return id
        }
        throw JournalError.missingRow("message")
    }

    /// An automatic mail about a ticket: the outbox row and, when it will go out, its record
    /// on the ticket and the articles it suggests.
    public struct Acknowledgement: Sendable {
        public var mail: OutboxMail
        public var record: StoredMessage?
        public var suggestions: [(id: String, title: String, score: Double)]

        public init(mail: OutboxMail, record: StoredMessage?, suggestions: [(id: String, title: String, score: Double)] = []) {
            self.mail = mail
            self.record = record
            self.suggestions = suggestions
        }
    }

    /// Queues a mail in the outbox and, when it will go out (`message` is its record),
    /// records it on its ticket: one statement, as both belong to the same event.
    public func queue(_ mail: OutboxMail, recording message: StoredMessage?, ticketID: Int64, on connection: PostgresConnection) async throws {
        try await queue(Acknowledgement(mail: mail, record: message), ticketID: ticketID, on: connection)
    }

    public func queue(_ acknowledgement: Acknowledgement, ticketID: Int64, on connection: PostgresConnection) async throws {
        guard let record = acknowledgement.record else {
            try await Outbox.enqueue(acknowledgement.mail, on: connection, logger: logger)
            return
        }
        let rows = try await connection.prepared(QueueAndRecord.self, """
            WITH u AS (UPDATE tickets SET updated_at = now() WHERE id = \(ticketID)),
            \(acknowledgement: acknowledgement.mail, record: record, suggestions: acknowledgement.suggestions, ticket: .existing(ticketID))
            SELECT id FROM m_sent
            """, logger: logger)
        for row in rows {
            try await addAttachments(record.attachments, messageRowID: try row.decode(Int64.self), on: connection)
            return
        }
        throw JournalError.missingRow("message")
    }

    /// The columns that `SELECT <ticket>, \(bind: message)` fills.
    static let messageInsert = """
        INSERT INTO messages (ticket_id, journal_id, direction, message_id, fingerprint, in_reply_to, "references", sender_address,
                              sender_name, subject, body_text, body_html, reply_text, is_automatic, automation, sent_at)
        """

    private func addAttachments(_ attachments: [StoredAttachment], messageRowID: Int64, on connection: PostgresConnection) async throws {
        for (position, attachment) in attachments.enumerated() {
            let hash = ByteBuffer(bytes: attachment.sha256)
            try await connection.query("""
                WITH blob AS (
                    INSERT INTO attachment_blobs (sha256, content, size_bytes) VALUES (\(hash), \(ByteBuffer(bytes: attachment.bytes)), \(Int64(attachment.bytes.count)))
                    ON CONFLICT (sha256) DO NOTHING)
                INSERT INTO attachments (message_id, sha256, filename, content_type, content_id, is_inline, position)
                VALUES (\(messageRowID), \(hash), \(attachment.filename.storable), \(attachment.contentType.storable), \(attachment.contentID.storable), \(attachment.inline), \(position))
                """, logger: logger)
        }
    }

    public func recordDecision(journalID: Int64?, ticketID: Int64?, outcome: String, rule: String, reason: String, details: String,
                               on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO decisions (journal_id, ticket_id, outcome, rule, reason, details)
            VALUES (\(journalID), \(ticketID), \(outcome), \(rule), \(reason.storable), \(details.jsonStorable)::jsonb)
            """, logger: logger)
    }

    /// Moves a ticket along its lifecycle, stamping the times the SLA and KPI work reads.
    /// Returns false when the ticket was not in `from` (someone else moved it first).
    @discardableResult
    public func move(ticketID: Int64, from: TicketState, to: TicketState, actor: String, note: String?,
                     on connection: PostgresConnection) async throws -> Bool {
        guard from.canMove(to: to) else { throw TicketError.transitionNotAllowed(from: from, to: to) }
        let reopening = from == .resolved && to == .inProgress
        let rows = try await connection.prepared(MoveTicket.self, """
            UPDATE tickets SET state = \(to.rawValue), updated_at = now(),
                in_progress_at = CASE WHEN \(to.rawValue) = 'in_progress' THEN coalesce(in_progress_at, now()) ELSE in_progress_at END,
                pending_since = CASE WHEN \(to.rawValue) = 'pending' THEN now() ELSE NULL END,
                resolved_at = CASE WHEN \(to.rawValue) = 'resolved' THEN now() WHEN \(reopening) THEN NULL ELSE resolved_at END,
                closed_at = CASE WHEN \(to.rawValue) = 'closed' THEN now() ELSE closed_at END,
                reopen_count = reopen_count + CASE WHEN \(reopening) THEN 1 ELSE 0 END,
                reopened_at = CASE WHEN \(reopening) THEN now() ELSE reopened_at END
            WHERE id = \(ticketID) AND state = \(from.rawValue)
            RETURNING id
            """, logger: logger)
        guard !rows.isEmpty else { return false }
        try await connection.query("""
            INSERT INTO ticket_state_changes (ticket_id, from_state, to_state, actor, note)
            VALUES (\(ticketID), \(from.rawValue), \(to.rawValue), \(actor), \(note))
            """, logger: logger)
        return true
    }

    /// The first answer from the desk, for the first-response SLA.
    public func markFirstResponse(ticketID: Int64, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE tickets SET first_response_at = now() WHERE id = \(ticketID) AND first_response_at IS NULL", logger: logger)
    }

    /// The key that signs our Message-IDs, made on first use and shared by every instance.
    public static func signingKey(client: PostgresClient, logger: Logger) async throws -> [UInt8] {
        var fresh = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in fresh.indices { fresh[index] = UInt8.random(in: .min ... .max, using: &generator) }
        let rows = try await client.query("""
            WITH made AS (INSERT INTO deskgate_secrets (name, value) VALUES ('message_id_signing', \(ByteBuffer(bytes: fresh)))
                          ON CONFLICT (name) DO NOTHING RETURNING value)
            SELECT value FROM made UNION ALL SELECT value FROM deskgate_secrets WHERE name = 'message_id_signing'
            """, logger: logger)
        for try await value in rows.decode(ByteBuffer.self) { return Array(value.readableBytesView) }
        throw JournalError.missingRow("message id signing key")
    }
}

public enum TicketError: Error, Equatable, CustomStringConvertible {
    case transitionNotAllowed(from: TicketState, to: TicketState)
    case notFound(String)
    case changedConcurrently(String)

    public var description: String {
        switch self {
        case .transitionNotAllowed(let from, let to):
            let allowed = from.allowedNext.map(\.rawValue).sorted().joined(separator: ", ")
            return "a \(from.rawValue) ticket cannot become \(to.rawValue)" + (allowed.isEmpty ? "; it is final" : "; it can become \(allowed)")
        case .notFound(let reference):
            return "no ticket \(reference); deskgate ticket list shows the tickets"
        case .changedConcurrently(let reference):
            return "\(reference) changed while this command ran; run it again"
        }
    }
}

// Call sites of the prepared statements above.
private enum LockMail {}
private enum FinishEntries {}
private enum CreateTicket {}
private enum CreateTicketAndAcknowledge {}
private enum AddFollowUp {}
private enum AddMessage {}
private enum QueueAndRecord {}
private enum MoveTicket {}

/// A new ticket's id and number, drawn before it is written: its acknowledgement, signed
/// with the number, then goes into the statement that opens it.
public struct TicketReservation: Sendable, Equatable {
    public var id: Int64
    public var number: Int64

    /// The ticket it will be: the statement that opens it writes this reference.
    public func handle(for ticket: NewTicket) -> TicketHandle {
        TicketHandle(id: id, number: number, reference: TicketReference.format(prefix: ticket.prefix, number: number), kind: ticket.kind,
                     state: .new)
    }
}

extension PostgresQuery.StringInterpolation {
    /// `n`, `t` (the ticket: id, number, reference), its reference, first state and people
    /// (`people` comes before), and `m` (its first message: id). The reserved number and id,
    /// when there are, replace the sequences'.
    mutating func appendInterpolation(opening: TicketWriter.Opening) {
        let ticket = opening.ticket
        appendLiteral("n AS (SELECT coalesce(")
        appendInterpolation(opening.reserved?.number)
        appendLiteral("::bigint, nextval('ticket_numbers')) AS number, coalesce(")
        appendInterpolation(opening.reserved?.id)
        appendLiteral("""
            ::bigint, nextval(pg_get_serial_sequence('tickets', 'id'))) AS id),
            t AS (
                INSERT INTO tickets (id, number, reference, kind, priority, impact, urgency, subject, category, assignment_group,
                                     requester_id, mailbox_id, related_ticket_id, triage, language)
                OVERRIDING SYSTEM VALUE
                SELECT id, number, coalesce(
            """)
        appendInterpolation(opening.reserved?.handle(for: ticket).reference)
        appendLiteral("::text, ")
        appendInterpolation(ticket.prefix)
        appendLiteral(" || '-' || CASE WHEN number < 1000000 THEN lpad(number::text, 6, '0') ELSE number::text END), ")
        appendInterpolation(ticket.kind.rawValue)
        appendLiteral(", ")
        appendInterpolation(ticket.priority.rawValue)
        appendLiteral(", ")
        appendInterpolation(Int16(ticket.impact.rawValue))
        appendLiteral(", ")
        appendInterpolation(Int16(ticket.urgency.rawValue))
        appendLiteral(", ")
        appendInterpolation(ticket.subject.storable)
        appendLiteral(", ")
        appendInterpolation(ticket.category)
        appendLiteral(", ")
        appendInterpolation(ticket.group)
        appendLiteral(", (SELECT contact_id FROM people WHERE address = ")
        appendInterpolation(opening.requester)
        appendLiteral("), ")
        appendInterpolation(ticket.mailboxID)
        appendLiteral(", ")
        appendInterpolation(ticket.relatedTicketID)
        appendLiteral(", ")
        appendInterpolation(ticket.triage.json)
        appendLiteral("::jsonb, ")
        appendInterpolation(ticket.language)
        appendLiteral("""
             FROM n RETURNING id, number, reference),
            r AS (INSERT INTO ticket_references (reference, ticket_id) SELECT reference, id FROM t),
            s AS (INSERT INTO ticket_state_changes (ticket_id, from_state, to_state, actor, note) SELECT id, NULL, 'new',
            """)
        appendInterpolation(opening.actor.storable)
        appendLiteral("""
            , 'opened' FROM t),
            -- The requester first: two of the addresses may be one contact's.
            p AS (INSERT INTO ticket_participants (ticket_id, contact_id, role)
                  SELECT t.id, people.contact_id, CASE WHEN people.address =
            """)
        appendInterpolation(opening.requester)
        appendLiteral(" THEN 'requester' ELSE 'cc' END FROM t, people ORDER BY people.address = ")
        appendInterpolation(opening.requester)
        appendLiteral(" DESC ON CONFLICT (ticket_id, contact_id) DO NOTHING), m AS (")
        appendLiteral(TicketWriter.messageInsert)
        appendLiteral(" SELECT (SELECT id FROM t), ")
        appendInterpolation(bind: opening.message)
        appendLiteral(" RETURNING id)")
    }

    /// The ticket an acknowledgement is about: one the statement opens (`t`), or one that exists.
    enum AcknowledgedTicket {
        case opened
        case existing(Int64)
    }

    private mutating func appendInterpolation(ticket: AcknowledgedTicket) {
        switch ticket {
        case .opened: appendLiteral("(SELECT id FROM t)")
        case .existing(let id): appendInterpolation(id)
        }
    }

    /// `m_queued`, `m_sent` (the mail's record: id) and `m_suggested`: an automatic mail on
    /// the ticket queued, recorded, and its articles noted.
    mutating func appendInterpolation(acknowledgement mail: OutboxMail, record: StoredMessage,
                                      suggestions: [(id: String, title: String, score: Double)], ticket: AcknowledgedTicket) {
        appendLiteral("m_queued AS (")
        appendLiteral(Outbox.insert)
        appendLiteral(" VALUES (")
        appendInterpolation(bind: mail)
        appendLiteral(")), m_sent AS (")
        appendLiteral(TicketWriter.messageInsert)
        appendLiteral(" SELECT ")
        appendInterpolation(ticket: ticket)
        appendLiteral(", ")
        appendInterpolation(bind: record)
        appendLiteral("""
             RETURNING id),
            m_suggested AS (
                INSERT INTO ticket_suggested_articles (ticket_id, article_id, rank, score, title)
                SELECT
            """)
        appendLiteral(" ")
        appendInterpolation(ticket: ticket)
        appendLiteral(", s.id, s.rank, s.score, s.title FROM unnest(")
        appendInterpolation(suggestions.map(\.id))
        appendLiteral("::text[], ")
        appendInterpolation(suggestions.indices.map { Int16($0 + 1) })
        appendLiteral("::int2[], ")
        appendInterpolation(suggestions.map { Float($0.score) })
        appendLiteral("::real[], ")
        appendInterpolation(suggestions.map(\.title))
        appendLiteral("::text[]) AS s(id, rank, score, title) ON CONFLICT DO NOTHING)")
    }
}
