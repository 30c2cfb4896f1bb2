/// One routing rule: which mail it takes (every condition given must hold; a rule with no
/// condition takes everything) and where that mail goes.
public struct RoutingRule: Sendable, Equatable {
    public var name: String
    public var mailboxes: Set<String>
    /// Our addresses the mail was sent to (To or Cc).
    public var toAddresses: Set<String>
    public var senderDomains: Set<String>
    public var keywords: PhraseList
    public var category: String?
    public var group: String?
    /// An explicit kind for everything this rule takes, over the wording.
    public var kind: TicketKind?

    public init(name: String, mailboxes: Set<String> = [], toAddresses: Set<String> = [], senderDomains: Set<String> = [],
                keywords: [String] = [], category: String? = nil, group: String? = nil, kind: TicketKind? = nil) {
        self.name = name
        self.mailboxes = mailboxes
        self.toAddresses = Set(toAddresses.map { $0.lowercased() })
        self.senderDomains = Set(senderDomains.map { $0.lowercased() })
        self.keywords = PhraseList(keywords)
        self.category = category
        self.group = group
        self.kind = kind
    }
}

/// Category, assignment group and (optionally) kind from the routing rules: first match wins.
public struct Router: Sendable, Equatable {
    public let rules: [RoutingRule]

    public init(rules: [RoutingRule]) { self.rules = rules }

    public struct Route: Sendable, Equatable {
        public var category: String?
        public var group: String?
        public var kind: TicketKind?
        public var rule: String?
        public var reason: String
    }

    public func route(mailbox: String, recipients: [String], sender: String, subject: String, text: String) -> Route {
        let senderDomain = sender.split(separator: "@").last.map { String($0) } ?? ""
        let lowered = (subject + "\n" + text).lowercased()
        for rule in rules {
            var why: [String] = []
            if !rule.mailboxes.isEmpty {
                guard rule.mailboxes.contains(mailbox) else { continue }
                why.append("mailbox \(mailbox)")
            }
            if !rule.toAddresses.isEmpty {
                guard let hit = recipients.first(where: rule.toAddresses.contains) else { continue }
                why.append("sent to \(hit)")
            }
            if !rule.senderDomains.isEmpty {
                guard rule.senderDomains.contains(senderDomain) else { continue }
                why.append("sender domain \(senderDomain)")
            }
            if !rule.keywords.phrases.isEmpty {
                guard let hit = rule.keywords.matches(inLowercased: lowered).first else { continue }
                why.append("keyword '\(hit)'")
            }
            let condition = why.isEmpty ? "it takes everything" : why.joined(separator: ", ")
            return Route(category: rule.category, group: rule.group, kind: rule.kind, rule: rule.name,
                         reason: "routing rule '\(rule.name)': \(condition)")
        }
        return Route(rule: nil, reason: "no routing rule matched")
    }
}
