import Foundation

/// Everything Deskgate reads from one message, as `deskgate parse` prints it.
public struct ParsedMessage: Sendable {
    public struct Attachment: Sendable, Equatable {
        public var filename: String?
        public var contentType: String
        public var size: Int
        public var sha256: String
        public var contentID: String?
        public var inline: Bool
        public var bytes: [UInt8]
    }

    public enum AutoKind: String, Sendable, Codable {
        case none, autoReply = "auto_reply", bulk, bounce, feedbackReport = "feedback_report"
        case deliveryStatus = "delivery_status", ownLoop = "own_loop"
    }

    public struct Automatic: Sendable, Equatable {
        public var kind: AutoKind
        public var reason: String
    }

    public struct BouncedRecipient: Sendable, Equatable {
        public var address: String
        public var status: String?
        public var smtpCode: Int?
        public var hard: Bool
        public var diagnostic: String?
    }

    public struct Bounce: Sendable, Equatable {
        public var recipients: [BouncedRecipient]
        public var originalMessageID: String?
    }

    public var headers: HeaderBlock
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    /// Seconds since 1970, UTC.
    public var date: Int64?
    public var from: MailboxAddress?
    public var replyTo: [MailboxAddress]
    public var to: [MailboxAddress]
    public var cc: [MailboxAddress]
    public var subject: String
    public var text: String
    public var html: String?
    public var replyText: String
    public var signature: String?
    public var attachments: [Attachment]
    public var automatic: Automatic
    public var bounce: Bounce?
    public var ticketReferences: [String]
    public var warnings: [String]
}
