import Foundation

/// The one gate for every automatic mail Deskgate sends (acknowledgements, notices,
/// surveys): never to automatic mail (RFC 3834), never to addresses that cannot answer or
/// are our own, never to an address a hard bounce marked undeliverable, and never more than
/// a per-recipient budget — the last line against a mail loop with a responder that
/// ignores the standards.
public struct LoopGovernor: Sendable, Equatable {
    public struct Budget: Sendable, Equatable {
        public var perHour: Int
        public var perDay: Int

        public init(perHour: Int, perDay: Int) {
            self.perHour = perHour
            self.perDay = perDay
        }
    }

    public enum Verdict: Sendable, Equatable {
        case send
        case suppress(reason: String)
    }

    static let unanswerableLocalParts = [
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "mailer-daemon", "postmaster",
        "bounce", "bounces", "notifications", "notification",
    ]

    public var budget: Budget
    public var ownAddresses: Set<String>

    public init(budget: Budget = Budget(perHour: 10, perDay: 30), ownAddresses: Set<String> = []) {
        self.budget = budget
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
    }

    /// May an automatic mail go to `recipient`? `trigger` is the mail that caused it, when
    /// one did; `sentLastHour`/`sentLastDay` count automatic mail already sent or queued to it.
    public func check(recipient: String, trigger: InboundMail.Automation?, triggerReason: String = "",
                      sentLastHour: Int, sentLastDay: Int, undeliverableUntil: Date?) -> Verdict {
        let address = recipient.lowercased()
        if let trigger, trigger != .none {
            return .suppress(reason: "the mail it answers is \(trigger.rawValue) (\(triggerReason)); automatic mail is never answered")
        }
        if ownAddresses.contains(address) {
            return .suppress(reason: "\(address) is one of our own addresses")
        }
        let local = address.split(separator: "@").first.map(String.init) ?? address
        if Self.unanswerableLocalParts.contains(where: { local == $0 || local.hasPrefix($0 + "+") || local.hasPrefix($0 + "-") }) {
            return .suppress(reason: "\(address) does not take answers")
        }
        if let undeliverableUntil {
            return .suppress(reason: "\(address) bounced hard; no automatic mail until \(ISO8601DateFormatter().string(from: undeliverableUntil))")
        }
        if sentLastHour >= budget.perHour {
            return .suppress(reason: "\(address) already had \(sentLastHour) automatic mails in the last hour (budget \(budget.perHour))")
        }
        if sentLastDay >= budget.perDay {
            return .suppress(reason: "\(address) already had \(sentLastDay) automatic mails in the last day (budget \(budget.perDay))")
        }
        return .send
    }
}
