import Foundation
import Logging
import PostgresNIO

/// One mail in the outbox.
public struct OutboxMail: Sendable {
    public var ticketID: Int64?
    /// `ack`, `reply`, `resolution`, `sla_warning`, `sla_breach`, `csat`…
    public var purpose: String
    /// Fixed when queued, so a resend after a crash is recognisably the same mail.
    public var messageID: String
    public var mailFrom: String
    public var recipients: [String]
    public var subject: String
    public var raw: [UInt8]
    /// Counts against the recipients' budget of automatic mail.
    public var automatic: Bool
    /// Set when the loop governor said no: kept, never sent.
    public var suppressionReason: String?

    public init(ticketID: Int64?, purpose: String, messageID: String, mailFrom: String, recipients: [String], subject: String,
                raw: [UInt8], automatic: Bool, suppressionReason: String? = nil) {
        self.ticketID = ticketID
        self.purpose = purpose
        self.messageID = messageID
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.subject = subject
        self.raw = raw
        self.automatic = automatic
        self.suppressionReason = suppressionReason
    }
}

/// A queued mail a sender has claimed.
public struct ClaimedMail: Sendable {
    public var id: Int64
    public var messageID: String
    public var mailFrom: String
    public var recipients: [String]
    public var raw: [UInt8]
    /// Including this one.
    public var attempts: Int
    public var queuedAt: Date
}

/// The transactional outbox: rows written in the transaction of the event that causes the
/// mail, claimed by senders with `FOR UPDATE SKIP LOCKED` (several may run), retried with
/// backoff, given up after a limit with the last reply kept.
public struct Outbox: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public static func enqueue(_ mail: OutboxMail, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.prepared(EnqueueMail.self, "\(unescaped: insert) VALUES (\(bind: mail))", logger: logger)
    }

    /// The columns that `VALUES (\(bind: mail))` fills.
    static let insert = "INSERT INTO outbox (ticket_id, purpose, message_id, mail_from, recipients, subject, raw, automatic, state, suppression_reason)"

    /// How much automatic mail went (or is going) to `address` lately, and whether a hard
    /// bounce has marked it undeliverable: what the loop governor weighs.
    public struct RecipientHistory: Sendable, Equatable {
        public var lastHour: Int
        public var lastDay: Int
        public var undeliverableUntil: Date?
    }

    public static func history(of address: String, on connection: PostgresConnection, logger: Logger) async throws -> RecipientHistory {
        let rows = try await connection.prepared(RecipientHistoryQuery.self, """
            WITH recipient (address) AS (SELECT \(address)::text) \(unescaped: historySelect(of: "(SELECT address FROM recipient)"))
            """, logger: logger)
        for row in rows { return try decodeHistory(PostgresRandomAccessRow(row)) }
        return RecipientHistory(lastHour: 0, lastDay: 0, undeliverableUntil: nil)
    }

    /// The history of the address `address` (an SQL expression, e.g. a column of an outer
    /// query) as one row: `last_hour, last_day, undeliverable_until`.
    static func historySelect(of address: String) -> String {
        """
        SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour') AS last_hour, count(*) AS last_day,
               (SELECT undeliverable_until FROM contact_addresses
                WHERE address = \(address) AND undeliverable_until > now()) AS undeliverable_until
        FROM outbox
        WHERE recipients @> ARRAY[\(address)] AND automatic AND state <> 'suppressed'
          AND created_at > now() - interval '1 day'
        """
    }

    /// The history from three columns of a row, the first at `first`.
    static func decodeHistory(_ row: PostgresRandomAccessRow, from first: Int = 0) throws -> RecipientHistory {
        RecipientHistory(lastHour: Int(try row[first].decode(Int64.self)), lastDay: Int(try row[first + 1].decode(Int64.self)),
                         undeliverableUntil: try row[first + 2].decode(Date?.self))
    }

    /// Claims up to `limit` due mails for `lease`; a claim that runs out (the sender died) is
    /// taken again by whoever asks next.
    public func claim(limit: Int, lease: Duration) async throws -> [ClaimedMail] {
        let seconds = Int(lease.components.seconds)
        let rows = try await client.query("""
            UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => \(seconds))
            WHERE id IN (
                SELECT id FROM outbox WHERE state IN ('queued', 'sending') AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id, message_id, coalesce(mail_from, ''), recipients, raw, attempts, created_at
            """, logger: logger)
        var claimed: [ClaimedMail] = []
        for try await (id, messageID, from, recipients, raw, attempts, created) in rows.decode((Int64, String, String, [String], ByteBuffer?, Int32, Date).self) {
            claimed.append(ClaimedMail(id: id, messageID: messageID, mailFrom: from, recipients: recipients,
                                       raw: raw.map { Array($0.readableBytesView) } ?? [], attempts: Int(attempts), queuedAt: created))
        }
        return claimed.sorted { $0.id < $1.id }
    }

    /// Marks sent mails, with each one's refused recipients, in one statement.
    public func markSent(_ mails: [(id: Int64, refusals: [[String: String]])]) async throws {
        guard !mails.isEmpty else { return }
        let refusals = try mails.map { String(decoding: try JSONSerialization.data(withJSONObject: $0.refusals, options: [.sortedKeys]), as: UTF8.self) }
        try await client.query("""
            UPDATE outbox o SET state = 'sent', sent_at = now(), last_error = NULL, refusals = r.refusals::jsonb
            FROM unnest(\(mails.map(\.id)), \(refusals)) AS r(id, refusals)
            WHERE o.id = r.id AND o.state = 'sending'
            """, logger: logger)
    }

    public func retry(id: Int64, error: String, after delay: Duration) async throws {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        try await client.query("""
            UPDATE outbox SET state = 'queued', last_error = \(error), next_attempt_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(id) AND state = 'sending'
            """, logger: logger)
    }

    public func markFailed(id: Int64, error: String) async throws {
        try await client.query("""
            UPDATE outbox SET state = 'failed', last_error = \(error) WHERE id = \(id) AND state = 'sending'
            """, logger: logger)
    }

    public struct Entry: Sendable, Encodable {
        public var id: Int64
        public var ticket: String?
        public var purpose: String
        public var messageID: String
        public var to: [String]
        public var subject: String
        public var state: String
        public var reason: String?
        public var attempts: Int
        public var lastError: String?
        public var createdAt: Date
        public var sentAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, ticket, purpose, messageID = "message_id", to, subject, state, reason, attempts, lastError = "last_error"
            case createdAt = "created_at", sentAt = "sent_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(ticket, forKey: .ticket)
            try container.encode(purpose, forKey: .purpose)
            try container.encode(messageID, forKey: .messageID)
            try container.encode(to, forKey: .to)
            try container.encode(subject, forKey: .subject)
            try container.encode(state, forKey: .state)
            try container.encode(reason, forKey: .reason)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(lastError, forKey: .lastError)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(sentAt, forKey: .sentAt)
        }
    }

    public func list() async throws -> [Entry] {
        let rows = try await client.query("""
            SELECT o.id, t.reference, o.purpose, o.message_id, o.recipients, o.subject, o.state, o.suppression_reason, o.attempts,
                   o.last_error, o.created_at, o.sent_at
            FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id ORDER BY o.id
            """, logger: logger)
        var entries: [Entry] = []
        for try await row in rows.decode((Int64, String?, String, String, [String], String, String, String?, Int32, String?, Date, Date?).self) {
            entries.append(Entry(id: row.0, ticket: row.1, purpose: row.2, messageID: row.3, to: row.4, subject: row.5, state: row.6,
                                 reason: row.7, attempts: Int(row.8), lastError: row.9, createdAt: row.10, sentAt: row.11))
        }
        return entries
    }

    public func count(state: String) async throws -> Int {
        for try await count in try await client.query("SELECT count(*) FROM outbox WHERE state = \(state)", logger: logger).decode(Int64.self) {
            return Int(count)
        }
        return 0
    }
}

private enum EnqueueMail {}
private enum RecipientHistoryQuery {}

extension PostgresQuery.StringInterpolation {
    /// An outbox row's values, in the column order of `Outbox.insert`.
    mutating func appendInterpolation(bind mail: OutboxMail) {
        appendInterpolation(mail.ticketID)
        appendLiteral(", ")
        appendInterpolation(mail.purpose)
        appendLiteral(", ")
        appendInterpolation(mail.messageID)
        appendLiteral(", ")
        appendInterpolation(mail.mailFrom)
        appendLiteral(", ")
        appendInterpolation(mail.recipients)
        appendLiteral(", ")
        appendInterpolation(mail.subject)
        appendLiteral(", ")
        appendInterpolation(ByteBuffer(bytes: mail.raw))
        appendLiteral(", ")
        appendInterpolation(mail.automatic)
        appendLiteral(", ")
        appendInterpolation(mail.suppressionReason == nil ? "queued" : "suppressed")
        appendLiteral(", ")
        appendInterpolation(mail.suppressionReason)
    }
}
