/// Where a ticket is in its life. Only the transitions in `allowedNext` exist, so that
/// every timestamp the SLA and KPI work reads (first response, pending intervals,
/// resolution, reopen) corresponds to one real event.
public enum TicketState: String, Sendable, CaseIterable, Codable {
    case new
    case inProgress = "in_progress"
    /// Waiting on the requester; SLA clocks pause here.
    case pending
    case resolved
    case closed

    public var allowedNext: Set<TicketState> {
        switch self {
        case .new: [.inProgress, .pending, .resolved, .closed]
        case .inProgress: [.pending, .resolved, .closed]
        case .pending: [.inProgress, .resolved, .closed]
        // A resolved ticket reopens into work; closing is final.
        case .resolved: [.inProgress, .closed]
        case .closed: []
        }
    }

    public func canMove(to next: TicketState) -> Bool {
        allowedNext.contains(next)
    }
}
