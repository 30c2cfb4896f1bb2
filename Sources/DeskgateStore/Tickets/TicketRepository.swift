import DeskgateCore
import Foundation
import Logging
import PostgresNIO

/// Tickets as `deskgate ticket show|list` presents them.
public struct TicketRepository: Sendable {
    public struct Contact: Sendable, Encodable, Equatable {
        public var name: String
        public var address: String
    }

    public struct Summary: Sendable, Encodable {
        public var reference: String
        public var kind: String
        public var state: String
        public var priority: String
        public var subject: String
        public var requester: Contact
        public var assignee: Contact?
        public var category: String?
        public var group: String?
        public var createdAt: Date
        public var updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case reference, kind, state, priority, subject, requester, assignee, category, group
            case createdAt = "created_at", updatedAt = "updated_at"
        }

        /// Every field is present, null when empty, so scripts can rely on the shape.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reference, forKey: .reference)
            try container.encode(kind, forKey: .kind)
            try container.encode(state, forKey: .state)
            try container.encode(priority, forKey: .priority)
            try container.encode(subject, forKey: .subject)
            try container.encode(requester, forKey: .requester)
            try container.encode(assignee, forKey: .assignee)
            try container.encode(category, forKey: .category)
            try container.encode(group, forKey: .group)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
        }
    }

    public struct Message: Sendable, Encodable {
        public var direction: String
        public var messageID: String?
        public var from: Contact?
        public var subject: String
        public var text: String
        public var replyText: String
        public var automation: String?
        public var attachments: [String]
        public var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case direction, messageID = "message_id", from, subject, text, replyText = "reply_text", automation, attachments
            case createdAt = "created_at"
        }
    }

    public struct StateChange: Sendable, Encodable {
        public var from: String?
        public var to: String
        public var at: Date
        public var actor: String?
        public var note: String?
    }

    public struct Decision: Sendable, Encodable {
        public var outcome: String
        public var rule: String
        public var reason: String
        public var at: Date
    }

    public struct Detail: Sendable, Encodable {
        public var summary: Summary
        public var references: [String]
        public var impact: Int
        public var urgency: Int
        public var participants: [Contact]
        public var relatedTicket: String?
        public var reopenCount: Int
        public var firstResponseAt: Date?
        public var resolvedAt: Date?
        public var closedAt: Date?
        public var triage: TicketTriage
        public var messages: [Message]
        public var stateChanges: [StateChange]
        public var decisions: [Decision]
        /// The knowledge articles the acknowledgement suggested, best first.
        public var suggestedArticles: [SuggestedArticle] = []

        enum CodingKeys: String, CodingKey {
            case references, impact, urgency, participants, relatedTicket = "related_ticket", reopenCount = "reopen_count"
            case firstResponseAt = "first_response_at", resolvedAt = "resolved_at", closedAt = "closed_at", triage
            case messages, stateChanges = "state_changes", decisions, suggestedArticles = "suggested_articles"
        }

        public func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(references, forKey: .references)
            try container.encode(impact, forKey: .impact)
            try container.encode(urgency, forKey: .urgency)
            try container.encode(participants, forKey: .participants)
            try container.encode(relatedTicket, forKey: .relatedTicket)
            try container.encode(reopenCount, forKey: .reopenCount)
            try container.encode(firstResponseAt, forKey: .firstResponseAt)
            try container.encode(resolvedAt, forKey: .resolvedAt)
            try container.encode(closedAt, forKey: .closedAt)
            try container.encode(triage, forKey: .triage)
            try container.encode(messages, forKey: .messages)
            try container.encode(stateChanges, forKey: .stateChanges)
            try container.encode(decisions, forKey: .decisions)
            try container.encode(suggestedArticles, forKey: .suggestedArticles)
        }
    }

    public struct SuggestedArticle: Sendable, Encodable, Equatable {
        public var id: String
        public var title: String
        public var score: Double
    }

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let summaryColumns = """
        t.reference, t.kind, t.state, t.priority, t.subject,
        coalesce(rc.display_name, ''), coalesce((SELECT written_as FROM contact_addresses WHERE contact_id = t.requester_id ORDER BY created_at LIMIT 1), ''),
        ac.display_name, (SELECT written_as FROM contact_addresses WHERE contact_id = t.assignee_id ORDER BY created_at LIMIT 1),
        t.category, t.assignment_group, t.created_at, t.updated_at
        """
    static let summaryJoins = "JOIN contacts rc ON rc.id = t.requester_id LEFT JOIN contacts ac ON ac.id = t.assignee_id"
    typealias SummaryRow = (String, String, String, String, String, String, String, String?, String?, String?, String?, Date, Date)

    static func summary(_ row: SummaryRow) -> Summary {
        Summary(reference: row.0, kind: row.1, state: row.2, priority: row.3, subject: row.4,
                requester: Contact(name: row.5, address: row.6),
                assignee: row.8.map { Contact(name: row.7 ?? "", address: $0) },
                category: row.9, group: row.10, createdAt: row.11, updatedAt: row.12)
    }

    public func list(state: TicketState?) async throws -> [Summary] {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.summaryColumns) FROM tickets t \(unescaped: Self.summaryJoins)
            WHERE \(state?.rawValue)::text IS NULL OR t.state = \(state?.rawValue)
            ORDER BY t.number
            """, logger: logger)
        var result: [Summary] = []
        for try await row in rows.decode(SummaryRow.self) { result.append(Self.summary(row)) }
        return result
    }

    /// The ticket by any reference it ever carried.
    public func ticketID(reference: String) async throws -> Int64? {
        let rows = try await client.query("SELECT ticket_id FROM ticket_references WHERE reference = \(reference.uppercased())", logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    public func detail(reference: String) async throws -> Detail? {
        guard let id = try await ticketID(reference: reference) else { return nil }
        let rows = try await client.query("""
            SELECT \(unescaped: Self.summaryColumns), t.impact, t.urgency, rel.reference, t.reopen_count, t.first_response_at,
                   t.resolved_at, t.closed_at, t.triage::text
            FROM tickets t \(unescaped: Self.summaryJoins) LEFT JOIN tickets rel ON rel.id = t.related_ticket_id
            WHERE t.id = \(id)
            """, logger: logger)
        var detail: Detail?
        for try await row in rows.decode((String, String, String, String, String, String, String, String?, String?, String?, String?, Date, Date,
                                          Int16, Int16, String?, Int32, Date?, Date?, Date?, String).self) {
            let summary = Self.summary((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12))
            detail = Detail(summary: summary, references: [], impact: Int(row.13), urgency: Int(row.14), participants: [],
                            relatedTicket: row.15, reopenCount: Int(row.16), firstResponseAt: row.17, resolvedAt: row.18,
                            closedAt: row.19, triage: (try? JSONDecoder().decode(TicketTriage.self, from: Data(row.20.utf8))) ?? TicketTriage(), messages: [], stateChanges: [], decisions: [])
        }
        guard var detail else { return nil }

        for try await reference in try await client.query(
            "SELECT reference FROM ticket_references WHERE ticket_id = \(id) ORDER BY reference", logger: logger).decode(String.self) {
            detail.references.append(reference)
        }
        for try await (name, address) in try await client.query("""
            SELECT c.display_name, coalesce((SELECT written_as FROM contact_addresses WHERE contact_id = c.id ORDER BY created_at LIMIT 1), '')
            FROM ticket_participants p JOIN contacts c ON c.id = p.contact_id WHERE p.ticket_id = \(id) ORDER BY p.added_at, c.id
            """, logger: logger).decode((String, String).self) {
            detail.participants.append(Contact(name: name, address: address))
        }
        for try await row in try await client.query("""
            SELECT m.direction, m.message_id, m.sender_name, m.sender_address, m.subject, m.body_text, m.reply_text, m.automation,
                   ARRAY(SELECT coalesce(a.filename, '') FROM attachments a WHERE a.message_id = m.id ORDER BY a.position), m.created_at
            FROM messages m WHERE m.ticket_id = \(id) ORDER BY m.id
            """, logger: logger).decode((String, String?, String?, String?, String, String, String, String?, [String], Date).self) {
            detail.messages.append(Message(direction: row.0, messageID: row.1, from: row.3.map { Contact(name: row.2 ?? "", address: $0) },
                                           subject: row.4, text: row.5, replyText: row.6, automation: row.7, attachments: row.8, createdAt: row.9))
        }
        for try await (from, to, at, actor, note) in try await client.query("""
            SELECT from_state, to_state, changed_at, actor, note FROM ticket_state_changes WHERE ticket_id = \(id) ORDER BY id
            """, logger: logger).decode((String?, String, Date, String?, String?).self) {
            detail.stateChanges.append(StateChange(from: from, to: to, at: at, actor: actor, note: note))
        }
        for try await (outcome, rule, reason, at) in try await client.query("""
            SELECT outcome, rule, reason, decided_at FROM decisions WHERE ticket_id = \(id) ORDER BY id
            """, logger: logger).decode((String, String, String, Date).self) {
            detail.decisions.append(Decision(outcome: outcome, rule: rule, reason: reason, at: at))
        }
        for try await (article, title, score) in try await client.query("""
            SELECT article_id, title, score::float8 FROM ticket_suggested_articles WHERE ticket_id = \(id) ORDER BY rank
            """, logger: logger).decode((String, String, Double).self) {
            detail.suggestedArticles.append(SuggestedArticle(id: article, title: title, score: score))
        }
        return detail
    }
}

