import DeskgateStore
import Foundation
import Logging

/// Shows each mailbox's state in /readyz. Informational: one broken mailbox does not make
/// the daemon unready for chat webhooks and survey pages; the detail says which one.
public struct MailboxReadiness: ReadinessCheck {
    public let name = "mailboxes"
    let health: MailboxHealth

    public init(health: MailboxHealth) { self.health = health }

    public func check() async -> ReadinessResult {
        do {
            let states = try await health.states()
            if states.isEmpty { return ReadinessResult(ready: true, detail: "no mailbox polled yet") }
            let text = states.map { state in
                let status = state.consecutiveFailures == 0 ? "ok" : "\(state.consecutiveFailures) failure(s): \(state.lastError ?? "")"
                return "\(state.name): \(status), backlog \(state.backlog), quarantined \(state.quarantined)"
            }.joined(separator: "; ")
            return ReadinessResult(ready: true, detail: text)
        } catch {
            return ReadinessResult(ready: true, detail: "mailbox state unavailable: \(DatabaseErrorMessage.describe(error) ?? "\(error)")")
        }
    }
}
