import Foundation
import Logging
import PostgresNIO

/// What outgoing mail about a ticket needs: whom to write to, in which language, and which
/// Message-IDs to thread on.
public struct ThreadContext: Sendable {
    public var ticketID: Int64
    public var number: Int64
    public var reference: String
    public var subject: String
    public var state: String
    public var requesterName: String
    public var requesterAddress: String
    public var language: String?
    /// The address of the mailbox the ticket came in through.
    public var mailboxAddress: String?
    /// Every Message-ID on the ticket, oldest first.
    public var messageIDs: [String]
    /// The thread's other people (To/Cc participants), not agents.
    public var participants: [String]

    public static func load(ticketID: Int64, on connection: PostgresConnection, logger: Logger) async throws -> ThreadContext {
        let rows = try await connection.query("""
            SELECT t.number, t.reference, t.subject, t.state, rc.display_name,
                   coalesce((SELECT written_as FROM contact_addresses WHERE contact_id = t.requester_id ORDER BY created_at LIMIT 1), ''),
                   t.language, mb.address,
                   ARRAY(SELECT message_id FROM messages WHERE ticket_id = t.id AND message_id IS NOT NULL ORDER BY id),
                   ARRAY(SELECT coalesce((SELECT written_as FROM contact_addresses a WHERE a.contact_id = p.contact_id ORDER BY created_at LIMIT 1), '')
                         FROM ticket_participants p JOIN contacts c ON c.id = p.contact_id
                         WHERE p.ticket_id = t.id AND p.role = 'cc' AND NOT c.is_agent AND p.contact_id <> t.requester_id
                         ORDER BY p.added_at, p.contact_id)
            FROM tickets t JOIN contacts rc ON rc.id = t.requester_id LEFT JOIN mailboxes mb ON mb.id = t.mailbox_id
            WHERE t.id = \(ticketID)
            """, logger: logger)
        for try await row in rows.decode((Int64, String, String, String, String, String, String?, String?, [String], [String]).self) {
            return ThreadContext(ticketID: ticketID, number: row.0, reference: row.1, subject: row.2, state: row.3, requesterName: row.4,
                                 requesterAddress: row.5, language: row.6, mailboxAddress: row.7, messageIDs: row.8,
                                 participants: row.9.filter { !$0.isEmpty })
        }
        throw TicketError.notFound("#\(ticketID)")
    }
}

/// What bounces say about the addresses we write to.
public enum AddressHealth {
    /// A hard bounce (5.x.x) marks the address undeliverable for `hardBounceDays`; soft
    /// bounces (4.x.x) are counted, and `softBounceLimit` of them count as a hard one.
    public static func recordBounce(address: String, hard: Bool, status: String?, hardBounceDays: Int, softBounceLimit: Int,
                                    on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE contact_addresses SET
                soft_bounce_count = CASE WHEN \(hard) THEN soft_bounce_count ELSE soft_bounce_count + 1 END,
                undeliverable_until = CASE WHEN \(hard) OR soft_bounce_count + 1 >= \(softBounceLimit)
                                           THEN now() + make_interval(days => \(hardBounceDays)::int) ELSE undeliverable_until END,
                last_bounce_at = now(), last_bounce_status = \(status)
            WHERE address = \(address.lowercased())
            """, logger: logger)
    }
}
