import DeskgateCore
import Foundation
import PostgresNIO

/// A person as a mail names them.
public struct Person: Sendable, Equatable {
    /// Canonical (lower-cased) address.
    public var address: String
    public var name: String
    /// The address as the person writes it.
    public var writtenAs: String

    public init(address: String, name: String = "", writtenAs: String? = nil) {
        self.address = address.lowercased()
        self.name = name
        self.writtenAs = writtenAs ?? address
    }
}

public struct NewTicket: Sendable {
    public var kind: TicketKind
    public var prefix: String
    public var subject: String
    public var priority: Priority
    public var impact: Impact
    public var urgency: Urgency
    public var category: String?
    public var group: String?
    public var requester: Person
    public var mailboxID: Int64?
    public var relatedTicketID: Int64?
    public var triage: TicketTriage
    /// The language outgoing mail about the ticket is written in.
    public var language: String?

    public init(kind: TicketKind, prefix: String, subject: String, priority: Priority, impact: Impact, urgency: Urgency,
                category: String?, group: String?, requester: Person, mailboxID: Int64?, relatedTicketID: Int64?, triage: TicketTriage, language: String? = nil) {
        self.kind = kind
        self.prefix = prefix
        self.subject = subject
        self.priority = priority
        self.impact = impact
        self.urgency = urgency
        self.category = category
        self.group = group
        self.requester = requester
        self.mailboxID = mailboxID
        self.relatedTicketID = relatedTicketID
        self.triage = triage
        self.language = language
    }
}

public struct StoredAttachment: Sendable {
    public var filename: String?
    public var contentType: String
    public var contentID: String?
    public var inline: Bool
    public var sha256: [UInt8]
    public var bytes: [UInt8]

    public init(filename: String?, contentType: String, contentID: String?, inline: Bool, sha256: [UInt8], bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.contentID = contentID
        self.inline = inline
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// One mail as it is kept on a ticket.
public struct StoredMessage: Sendable {
    public enum Direction: String, Sendable { case inbound, outbound, note }

    public var journalID: Int64?
    public var direction: Direction
    public var messageID: String?
    public var fingerprint: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var sender: Person?
    public var subject: String
    public var text: String
    public var html: String?
    public var replyText: String
    /// Which automatic mail this is (`auto_reply`, `bounce`…), nil for a person's mail.
    public var automation: String?
    public var sentAt: Date?
    public var attachments: [StoredAttachment]

    public init(journalID: Int64?, direction: Direction, messageID: String?, fingerprint: String?, inReplyTo: [String] = [],
                references: [String] = [], sender: Person?, subject: String, text: String, html: String? = nil, replyText: String,
                automation: String? = nil, sentAt: Date? = nil, attachments: [StoredAttachment] = []) {
        self.journalID = journalID
        self.direction = direction
        self.messageID = messageID
        self.fingerprint = fingerprint
        self.inReplyTo = inReplyTo
        self.references = references
        self.sender = sender
        self.subject = subject
        self.text = text
        self.html = html
        self.replyText = replyText
        self.automation = automation
        self.sentAt = sentAt
        self.attachments = attachments
    }
}

/// The ticket a change landed on.
public struct TicketHandle: Sendable, Equatable {
    public var id: Int64
    public var number: Int64
    public var reference: String
    public var kind: TicketKind
    public var state: TicketState
}

extension Person {
    var storable: Person { Person(address: address.storable, name: name.storable, writtenAs: writtenAs.storable) }
}

extension PostgresQuery.StringInterpolation {
    /// A stored message's values, in the column order of `TicketWriter.messageInsert`.
    mutating func appendInterpolation(bind message: StoredMessage) {
        appendInterpolation(message.journalID)
        appendLiteral(", ")
        appendInterpolation(message.direction.rawValue)
        appendLiteral(", ")
        appendInterpolation(message.messageID.storable)
        appendLiteral(", ")
        appendInterpolation(message.fingerprint)
        appendLiteral(", ")
        appendInterpolation(message.inReplyTo.map(\.storable))
        appendLiteral(", ")
        appendInterpolation(message.references.map(\.storable))
        appendLiteral(", ")
        appendInterpolation(message.sender?.address.storable)
        appendLiteral(", ")
        appendInterpolation(message.sender?.name.storable)
        appendLiteral(", ")
        appendInterpolation(message.subject.storable)
        appendLiteral(", ")
        appendInterpolation(message.text.storable)
        appendLiteral(", ")
        appendInterpolation(message.html.storable)
        appendLiteral(", ")
        appendInterpolation(message.replyText.storable)
        appendLiteral(", ")
        appendInterpolation(message.automation != nil)
        appendLiteral(", ")
        appendInterpolation(message.automation)
        appendLiteral(", ")
        appendInterpolation(message.sentAt)
    }
}

/// Reference text for a number: `INC-000123`, never truncated.
extension TicketReference {
    public static func format(prefix: String, number: Int64) -> String {
        TicketReference(prefix: prefix, number: Int(number)).description
    }
}

/// Why a ticket has its kind, priority and route, kept with it for `deskgate ticket show`.
public struct TicketTriage: Sendable, Codable, Equatable {
    public var kind: String?
    public var priority: [String]
    public var route: String?

    public init(kind: String? = nil, priority: [String] = [], route: String? = nil) {
        self.kind = kind
        self.priority = priority
        self.route = route
    }

    var json: String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension String {
    /// PostgreSQL text cannot hold NUL; a mail can. Dropping it is the one change made.
    var storable: String { utf8.contains(0) ? String(decoding: utf8.filter { $0 != 0 }, as: UTF8.self) : self }

    /// jsonb refuses the escaped NUL (`\u0000`) too.
    var jsonStorable: String {
        // `\u0000` only ever appears escaped, and a backslash is rare in what we write.
        utf8.contains(UInt8(ascii: "\\")) && contains("\\u0000") ? replacingOccurrences(of: "\\u0000", with: "") : self
    }
}

extension Optional where Wrapped == String {
    var storable: String? { map(\.storable) }
}
