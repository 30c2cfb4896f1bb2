import Foundation

/// Decides whether a mail opens a ticket, continues one, repeats one already recorded, or
/// is left alone. The rules run in this order, each for a reason:
/// 1. a mail with no sender cannot have a requester: quarantined;
/// 2. the same Message-ID already recorded is a duplicate, whatever else it says (one mail
///    sent to two of our addresses, or delivered twice, is one ticket entry);
/// 3. our own mail coming back, or mail from our own addresses, is never a customer's;
/// 4. the thread: our tag in the subject first (people see and keep it), then our signed
///    Message-IDs (they survive a changed subject and cannot be forged), then Message-IDs of
///    mail we stored (a reply to a colleague's mail on the thread). A forward is a new
///    conversation, so only its subject tag counts;
/// 5. automatic mail (auto-replies, bounces, bulk) never opens or reopens a ticket;
/// 6. a stranger, or a reply to a closed ticket or long after resolution, opens a new
///    ticket linked to the old one.
public struct FollowUpResolver: Sendable {
    public let policy: ThreadingPolicy

    public init(policy: ThreadingPolicy) { self.policy = policy }

    public func decide(_ mail: InboundMail, facts: ThreadFacts, now: Date) -> ThreadDecision {
        guard let sender = mail.from, !sender.isEmpty else {
            return ThreadDecision(outcome: .quarantined, rule: .noSender,
                                  reason: "the mail names no sender (From, Reply-To or Sender), so there is no requester")
        }
        if facts.alreadyRecorded {
            let what = mail.messageID.map { "Message-ID \($0)" } ?? "the same sender, date, subject and text"
            let where_ = facts.alreadyRecordedOn.map { " on \($0.reference)" } ?? ""
            return ThreadDecision(outcome: .duplicate, rule: .duplicateMessageID,
                                  reason: "\(what) is already recorded\(where_)", ticket: facts.alreadyRecordedOn)
        }
        if mail.automation == .ownLoop {
            return ThreadDecision(outcome: .ignored, rule: .ownLoop, reason: mail.automationReason)
        }
        if policy.ownAddresses.contains(sender) {
            return ThreadDecision(outcome: .ignored, rule: .fromOwnAddress,
                                  reason: "sent from our own address \(sender); answering it would start a loop")
        }
        let thread = findThread(mail, facts: facts)

        if mail.automation != .none {
            guard let (ticket, match, how) = thread else {
                return ThreadDecision(outcome: .ignored, rule: .automaticWithoutTicket,
                                      reason: "\(mail.automation.rawValue) mail (\(mail.automationReason)) that refers to no ticket of ours")
            }
            return ThreadDecision(outcome: .followUp, rule: .automaticNote, match: match,
                                  reason: "\(mail.automation.rawValue) (\(mail.automationReason)) on \(ticket.reference) by \(how); recorded as a system note",
                                  ticket: ticket, isSystemNote: true)
        }
        guard let (ticket, match, how) = thread else {
            let unknown = mail.subjectReferences.filter { facts.ticketsByReference[$0] == nil }
            let reason = unknown.isEmpty ? "no ticket reference, and no known Message-ID in In-Reply-To or References"
                : "the subject's \(unknown.joined(separator: ", ")) is no ticket of ours, and no known Message-ID in In-Reply-To or References"
            return ThreadDecision(outcome: .newTicket, rule: .newConversation, reason: reason)
        }
        guard let standing = policy.standing(of: sender, on: ticket) else {
            return ThreadDecision(outcome: .newTicket, rule: .strangerWithReference, match: match,
                                  reason: "\(sender) found \(ticket.reference) by \(how) but is not its requester, a participant, an agent or from a trusted domain; a new ticket linked to it",
                                  linkedTo: ticket)
        }
        switch ticket.state {
        case .closed:
            return ThreadDecision(outcome: .newTicket, rule: .replyToClosed, match: match,
                                  reason: "\(ticket.reference) (found by \(how)) is closed; a new ticket linked to it", linkedTo: ticket)
        case .resolved:
            let resolvedAt = ticket.resolvedAt ?? now
            guard now.timeIntervalSince(resolvedAt) <= policy.reopenWindow else {
                let days = Int((policy.reopenWindow / 86_400).rounded())
                return ThreadDecision(outcome: .newTicket, rule: .replyAfterReopenWindow, match: match,
                                      reason: "\(ticket.reference) (found by \(how)) was resolved more than \(days) days ago; a new ticket linked to it",
                                      linkedTo: ticket)
            }
            return ThreadDecision(outcome: .followUp, rule: .reopenResolved, match: match,
                                  reason: "\(how) from \(standing), within the reopen window: \(ticket.reference) reopens",
                                  ticket: ticket, reopens: true)
        case .new, .inProgress, .pending:
            return ThreadDecision(outcome: .followUp, rule: .followUp, match: match,
                                  reason: "\(how) from \(standing)", ticket: ticket)
        }
    }

    private func findThread(_ mail: InboundMail, facts: ThreadFacts) -> (TicketFacts, ThreadDecision.Match, String)? {
        for reference in mail.subjectReferences {
            if let ticket = facts.ticketsByReference[reference] {
                return (ticket, .subjectTag, "subject tag \(reference)")
            }
        }
        // A forwarded mail carries the old thread's headers but starts a new conversation.
        // Bounces keep them: they are how a bounce finds the mail it belongs to.
        if mail.automation == .none, SubjectLine(mail.subject).isForward { return nil }
        for id in mail.threadMessageIDs {
            if let ticket = facts.ticketsBySignedMessageID[id] {
                return (ticket, .signedMessageID, "our signed Message-ID \(id) of \(ticket.reference)")
            }
        }
        for id in mail.threadMessageIDs {
            if let ticket = facts.ticketsByMessageID[id] {
                return (ticket, .knownMessageID, "the Message-ID \(id) already on \(ticket.reference)")
            }
        }
        return nil
    }
}
