import DeskgateMail
import DeskgateStore
import Foundation
import Logging
import PostgresNIO

/// An agent's answer to the requester — from the command line, or an agent's mail relayed —
/// queued as the desk's mail on the ticket's thread, in the transaction that records it.
struct AgentReplies: Sendable {
    let mailer: OutboundMailer
    let writer: TicketWriter
    let logger: Logger

    struct Sent: Sendable, Encodable {
        var ticket: String
        var messageID: String
        var to: [String]
        var state: String
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case ticket, messageID = "message_id", to, state, reason
        }
    }

    func reply(context: ThreadContext, agent: MailboxAddress, text: String, on connection: PostgresConnection) async throws -> Sent {
        let requester = MailboxAddress(name: context.requesterName, address: context.requesterAddress)
        let history = try await Outbox.history(of: requester.address.lowercased(), on: connection, logger: logger)
        let thread = OutboundMailer.Thread(
            ticketID: context.ticketID, ticketNumber: context.number, reference: context.reference, subject: context.subject,
            requester: requester, cc: context.participants.map { MailboxAddress(name: "", address: $0) },
            replyTo: context.mailboxAddress, references: context.messageIDs, language: context.language ?? mailer.language(declared: nil, text: text))
        let (row, stored) = mailer.agentReply(thread, agent: agent, text: text, history: history, now: Date())
        try await writer.queue(row, recording: stored, ticketID: context.ticketID, on: connection)
        try await writer.markFirstResponse(ticketID: context.ticketID, on: connection)
        if context.state == "new" {
            try await writer.move(ticketID: context.ticketID, from: .new, to: .inProgress, actor: agent.address, note: "answered", on: connection)
        }
        return Sent(ticket: context.reference, messageID: row.messageID, to: row.recipients,
                    state: row.suppressionReason == nil ? "queued" : "suppressed", reason: row.suppressionReason)
    }
}
