import Foundation

/// Who may add to a ticket by mail, and for how long a resolved ticket can be reopened.
public struct ThreadingPolicy: Sendable, Equatable {
    /// A reply to a resolved ticket within this many seconds of its resolution reopens it.
    public var reopenWindow: TimeInterval
    /// Domains whose every address may add to any ticket (the organisation's own).
    public var trustedDomains: Set<String>
    /// The service desk's agents: they may add to every ticket.
    public var agents: Set<String>
    /// Our own support addresses: mail from them is ours, never a customer's.
    public var ownAddresses: Set<String>

    public init(reopenWindow: TimeInterval = 14 * 86_400, trustedDomains: Set<String> = [], agents: Set<String> = [],
                ownAddresses: Set<String> = []) {
        self.reopenWindow = reopenWindow
        self.trustedDomains = Set(trustedDomains.map { $0.lowercased() })
        self.agents = Set(agents.map { $0.lowercased() })
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
    }

    /// Why `sender` may add to `ticket`, or nil for a stranger.
    public func standing(of sender: String, on ticket: TicketFacts) -> String? {
        if sender == ticket.requester { return "the requester" }
        if agents.contains(sender) { return "an agent" }
        if ticket.participants.contains(sender) { return "a participant" }
        if let domain = sender.split(separator: "@").last.map(String.init), trustedDomains.contains(domain) {
            return "a trusted domain (\(domain))"
        }
        return nil
    }
}
