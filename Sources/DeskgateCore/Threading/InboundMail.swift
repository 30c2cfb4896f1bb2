/// What the ticket engine needs to know about one inbound mail, already parsed. Addresses
/// are canonical (lower-cased), so comparisons are plain equality.
public struct InboundMail: Sendable, Equatable {
    /// What kind of sender wrote the mail, as the parser classified it.
    public enum Automation: String, Sendable, Codable {
        case none, autoReply = "auto_reply", bulk, bounce, feedbackReport = "feedback_report"
        case deliveryStatus = "delivery_status", ownLoop = "own_loop"
    }

    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var from: String?
    public var fromName: String
    public var to: [String]
    public var cc: [String]
    public var subject: String
    /// What the author newly wrote (quoted history and signature removed).
    public var replyText: String
    public var automation: Automation
    public var automationReason: String
    /// For a bounce: the Message-ID of the mail that could not be delivered.
    public var bouncedMessageID: String?
    /// Our ticket references found in the subject, in order.
    public var subjectReferences: [String]
    /// `X-Priority` (1 highest … 5 lowest), when present.
    public var xPriority: Int?
    /// `Importance` or `Priority` header, lower-cased (`high`, `low`, `urgent`…).
    public var importance: String?
    /// A stand-in for a missing Message-ID, so that the same mail delivered twice is still
    /// recognised: a hash of sender, date, subject and text, made by the caller.
    public var fingerprint: String

    public init(messageID: String?, inReplyTo: [String] = [], references: [String] = [], from: String?, fromName: String = "",
                to: [String] = [], cc: [String] = [], subject: String, replyText: String, automation: Automation = .none,
                automationReason: String = "", bouncedMessageID: String? = nil, subjectReferences: [String] = [],
                xPriority: Int? = nil, importance: String? = nil, fingerprint: String = "") {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.fromName = fromName
        self.to = to
        self.cc = cc
        self.subject = subject
        self.replyText = replyText
        self.automation = automation
        self.automationReason = automationReason
        self.bouncedMessageID = bouncedMessageID
        self.subjectReferences = subjectReferences
        self.xPriority = xPriority
        self.importance = importance
        self.fingerprint = fingerprint
    }

    /// Message-IDs this mail answers, nearest first: In-Reply-To, then References from
    /// the newest back, then (for a bounce) the mail that bounced.
    public var threadMessageIDs: [String] {
        var seen = Set<String>()
        return (inReplyTo + references.reversed() + [bouncedMessageID].compactMap { $0 }).filter { seen.insert($0).inserted }
    }
}
