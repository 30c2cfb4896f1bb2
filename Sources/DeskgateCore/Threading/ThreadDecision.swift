/// What the resolver decided about one mail, and why, in words an agent can read.
public struct ThreadDecision: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        case newTicket = "new_ticket", followUp = "follow_up", duplicate, ignored, quarantined
    }

    /// The rule that decided; stored with the decision so every outcome can be explained.
    public enum Rule: String, Sendable, Codable {
        case noSender = "no_sender"
        case duplicateMessageID = "duplicate_message_id"
        case ownLoop = "own_loop"
        case fromOwnAddress = "from_own_address"
        case automaticNote = "automatic_note"
        case automaticWithoutTicket = "automatic_without_ticket"
        case strangerWithReference = "stranger_with_reference"
        case replyToClosed = "reply_to_closed"
        case replyAfterReopenWindow = "reply_after_reopen_window"
        case reopenResolved = "reopen_resolved"
        case followUp = "follow_up"
        case newConversation = "new_conversation"
    }

    /// How the mail was tied to an existing ticket.
    public enum Match: String, Sendable, Codable {
        case subjectTag = "subject_tag"
        case signedMessageID = "signed_message_id"
        case knownMessageID = "known_message_id"
    }

    public var outcome: Outcome
    public var rule: Rule
    public var match: Match?
    public var reason: String
    /// The ticket the mail joins (follow-up, duplicate), or nil.
    public var ticket: TicketFacts?
    /// For a new ticket: the earlier ticket it is linked to.
    public var linkedTo: TicketFacts?
    public var reopens: Bool
    /// Recorded on the ticket as a system note: it changes no state and is never answered.
    public var isSystemNote: Bool

    public init(outcome: Outcome, rule: Rule, match: Match? = nil, reason: String, ticket: TicketFacts? = nil,
                linkedTo: TicketFacts? = nil, reopens: Bool = false, isSystemNote: Bool = false) {
        self.outcome = outcome
        self.rule = rule
        self.match = match
        self.reason = reason
        self.ticket = ticket
        self.linkedTo = linkedTo
        self.reopens = reopens
        self.isSystemNote = isSystemNote
    }
}
