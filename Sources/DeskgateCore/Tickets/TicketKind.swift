/// What a ticket is about, in ITIL's words.
public enum TicketKind: String, Sendable, CaseIterable, Codable {
    /// Something is broken or degraded.
    case incident
    /// Something is wanted: access, software, hardware, information.
    case request
    case problem
    case change

    /// The reference prefix a desk uses unless configured otherwise.
    public var defaultPrefix: String {
        switch self {
        case .incident: "INC"
        case .request: "REQ"
        case .problem: "PRB"
        case .change: "CHG"
        }
    }
}
