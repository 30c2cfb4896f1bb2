import DeskgateCore
import Foundation
import Logging
import PostgresNIO

/// What agents do to a ticket from the command line (and later from chat): move it along its
/// lifecycle, reclassify it, set its priority or assignee. Each change is one transaction
/// with its state-change record.
public struct TicketCommands: Sendable {
    let client: PostgresClient
    let logger: Logger
    let writer: TicketWriter

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.writer = TicketWriter(logger: logger)
    }

    /// Moves the ticket to `target`; a resolved ticket moved to work again counts as reopened.
    /// `afterwards` runs in the same transaction once the ticket has moved (the resolution
    /// notice goes out with the resolution, or neither does).
    public func transition(reference: String, to target: TicketState, actor: String, note: String?,
                           afterwards: (@Sendable (PostgresConnection, TicketHandle) async throws -> Void)? = nil) async throws -> TicketHandle {
        try await client.transaction(logger: logger) { connection in
            let ticket = try await lockedTicket(reference, on: connection)
            if ticket.state == target { return ticket }
            guard try await writer.move(ticketID: ticket.id, from: ticket.state, to: target, actor: actor, note: note, on: connection) else {
                throw TicketError.changedConcurrently(reference)
            }
            if let note, !note.isEmpty {
                try await writer.addMessage(StoredMessage(journalID: nil, direction: .note, messageID: nil, fingerprint: nil, sender: nil,
                                                          subject: "\(target.rawValue): \(ticket.reference)", text: note, replyText: note),
                                            ticketID: ticket.id, on: connection)
            }
            var moved = ticket
            moved.state = target
            try await afterwards?(connection, moved)
            return moved
        }
    }

    public struct Change: Sendable {
        public var priority: Priority?
        /// The new kind and the reference prefix that goes with it.
        public var kind: (TicketKind, prefix: String)?
        public var assignee: String?

        public init(priority: Priority? = nil, kind: (TicketKind, prefix: String)? = nil, assignee: String? = nil) {
            self.priority = priority
            self.kind = kind
            self.assignee = assignee
        }
    }

    /// Reclassifying gives the ticket a reference with the new kind's prefix over the same
    /// number; the old reference stays on file, so mail tagged with it still finds the ticket.
    public func set(reference: String, _ change: Change, actor: String) async throws -> TicketHandle {
        try await client.transaction(logger: logger) { connection in
            var ticket = try await lockedTicket(reference, on: connection)
            var notes: [String] = []
            if let priority = change.priority {
                try await connection.query("UPDATE tickets SET priority = \(priority.rawValue), updated_at = now() WHERE id = \(ticket.id)", logger: logger)
                notes.append("priority \(priority.rawValue)")
            }
            if let (kind, prefix) = change.kind, kind != ticket.kind || !ticket.reference.hasPrefix(prefix + "-") {
                let newReference = TicketReference.format(prefix: prefix, number: ticket.number)
                try await connection.query("""
                    INSERT INTO ticket_references (reference, ticket_id) VALUES (\(newReference), \(ticket.id)) ON CONFLICT (reference) DO NOTHING
                    """, logger: logger)
                try await connection.query("""
                    UPDATE tickets SET kind = \(kind.rawValue), reference = \(newReference), updated_at = now() WHERE id = \(ticket.id)
                    """, logger: logger)
                notes.append("reclassified as \(kind.rawValue): \(ticket.reference) is now \(newReference)")
                ticket.kind = kind
                ticket.reference = newReference
            }
            if let assignee = change.assignee {
                let person = Person(address: assignee)
                let contactID = try await writer.contact(person, on: connection)
                try await writer.contacts.markAgent(contactID, on: connection)
                try await connection.query("UPDATE tickets SET assignee_id = \(contactID), updated_at = now() WHERE id = \(ticket.id)", logger: logger)
                try await connection.query("""
                    INSERT INTO ticket_participants (ticket_id, contact_id, role) VALUES (\(ticket.id), \(contactID), 'agent')
                    ON CONFLICT (ticket_id, contact_id) DO UPDATE SET role = 'agent'
                    """, logger: logger)
                notes.append("assigned to \(person.address)")
            }
            if !notes.isEmpty {
                try await writer.recordDecision(journalID: nil, ticketID: ticket.id, outcome: "note", rule: "agent_change",
                                                reason: "\(actor): " + notes.joined(separator: "; "), details: "{}", on: connection)
            }
            return ticket
        }
    }

    /// Runs `body` in a transaction holding the ticket's row.
    public func withLockedTicket<Result: Sendable>(
        _ reference: String, _ body: @Sendable @escaping (PostgresConnection, TicketHandle) async throws -> Result
    ) async throws -> Result {
        try await client.transaction(logger: logger) { connection in
            try await body(connection, try await lockedTicket(reference, on: connection))
        }
    }

    private func lockedTicket(_ reference: String, on connection: PostgresConnection) async throws -> TicketHandle {
        let rows = try await connection.query("""
            SELECT t.id, t.number, t.reference, t.kind, t.state FROM tickets t
            JOIN ticket_references r ON r.ticket_id = t.id WHERE r.reference = \(reference.uppercased())
            FOR UPDATE OF t
            """, logger: logger)
        for try await (id, number, current, kind, state) in rows.decode((Int64, Int64, String, String, String).self) {
            return TicketHandle(id: id, number: number, reference: current, kind: TicketKind(rawValue: kind) ?? .incident,
                                state: TicketState(rawValue: state) ?? .new)
        }
        throw TicketError.notFound(reference)
    }
}
