/// Whether a mail earns an acknowledgement. Only a person's mail that opens a ticket does:
/// never automatic mail (RFC 3834), never a follow-up, never an address that cannot answer.
public enum AcknowledgementRule {
    static let unanswerableLocalParts = [
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon", "postmaster",
        "bounce", "bounces", "notifications", "notification",
    ]

    public static func acknowledges(_ mail: InboundMail, decision: ThreadDecision) -> Bool {
        guard decision.outcome == .newTicket, mail.automation == .none, let sender = mail.from else { return false }
        let local = sender.split(separator: "@").first.map { $0.lowercased() } ?? ""
        return !unanswerableLocalParts.contains { local == $0 || local.hasPrefix($0 + "+") || local.hasPrefix($0 + "-") }
    }
}
