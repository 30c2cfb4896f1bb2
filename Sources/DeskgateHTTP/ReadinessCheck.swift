/// Something `/readyz` asks before it says the daemon can take work: the database now,
/// the mailboxes once intake exists.
public protocol ReadinessCheck: Sendable {
    var name: String { get }
    func check() async -> ReadinessResult
}

public struct ReadinessResult: Sendable, Equatable {
    public var ready: Bool
    public var detail: String

    public init(ready: Bool, detail: String) {
        self.ready = ready
        self.detail = detail
    }
}
