import Foundation

/// One existing ticket as the resolver sees it.
public struct TicketFacts: Sendable, Equatable {
    public var id: Int64
    public var number: Int64
    /// The ticket's current reference (after any reclassification).
    public var reference: String
    public var kind: TicketKind
    public var state: TicketState
    public var resolvedAt: Date?
    public var requester: String
    /// Everyone on the thread: requester, To/Cc participants and assigned agents.
    public var participants: Set<String>

    public init(id: Int64, number: Int64, reference: String, kind: TicketKind, state: TicketState, resolvedAt: Date? = nil,
                requester: String, participants: Set<String> = []) {
        self.id = id
        self.number = number
        self.reference = reference
        self.kind = kind
        self.state = state
        self.resolvedAt = resolvedAt
        self.requester = requester
        self.participants = participants
    }
}

/// What the database knows that bears on one mail, gathered before the decision so the
/// decision itself is pure. The store fills it inside the transaction that applies it.
public struct ThreadFacts: Sendable, Equatable {
    /// The ticket that already holds this Message-ID (or fingerprint), if any.
    public var alreadyRecordedOn: TicketFacts?
    public var alreadyRecorded: Bool
    /// Tickets by every reference they ever carried.
    public var ticketsByReference: [String: TicketFacts]
    /// Tickets by one of our own Message-IDs whose signature checked out.
    public var ticketsBySignedMessageID: [String: TicketFacts]
    /// Tickets holding a stored message with this Message-ID.
    public var ticketsByMessageID: [String: TicketFacts]

    public init(alreadyRecorded: Bool = false, alreadyRecordedOn: TicketFacts? = nil, ticketsByReference: [String: TicketFacts] = [:],
                ticketsBySignedMessageID: [String: TicketFacts] = [:], ticketsByMessageID: [String: TicketFacts] = [:]) {
        self.alreadyRecorded = alreadyRecorded
        self.alreadyRecordedOn = alreadyRecordedOn
        self.ticketsByReference = ticketsByReference
        self.ticketsBySignedMessageID = ticketsBySignedMessageID
        self.ticketsByMessageID = ticketsByMessageID
    }
}
