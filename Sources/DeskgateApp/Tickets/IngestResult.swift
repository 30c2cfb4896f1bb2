import Foundation

/// What became of one inbound mail: the `deskgate ingest --json` line, and the summary kept
/// with its journal entry.
public struct IngestResult: Sendable, Encodable, Equatable {
    public var file: String?
    public var journalID: Int64
    public var messageID: String?
    public var outcome: String
    public var ticket: String?
    public var kind: String?
    public var reopened: Bool
    public var autoAck: Bool
    /// A survey answer read from the mail (a later issue); null until then.
    public var csat: Int?
    public var reason: String
    public var rule: String
    public var linkedTo: String?
    public var priority: String?

    enum CodingKeys: String, CodingKey {
        case file, journalID = "journal_id", messageID = "message_id", outcome, ticket, kind, reopened, autoAck = "auto_ack", csat
        case reason, rule, linkedTo = "linked_to", priority
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let file { try container.encode(file, forKey: .file) }
        try container.encode(journalID, forKey: .journalID)
        // The contract's fields are always present, null when empty.
        try container.encode(messageID, forKey: .messageID)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(kind, forKey: .kind)
        try container.encode(reopened, forKey: .reopened)
        try container.encode(autoAck, forKey: .autoAck)
        try container.encode(csat, forKey: .csat)
        try container.encode(reason, forKey: .reason)
        try container.encode(rule, forKey: .rule)
        try container.encode(linkedTo, forKey: .linkedTo)
        try container.encode(priority, forKey: .priority)
    }

    /// The same object as `encode(to:)` writes, for the journal entry's summary.
    var json: String {
        var object = CompactJSON()
        if let file { object["file"] = .string(file) }
        object["journal_id"] = .integer(journalID)
        object["message_id"] = .string(messageID)
        object["outcome"] = .string(outcome)
        object["ticket"] = .string(ticket)
        object["kind"] = .string(kind)
        object["reopened"] = .boolean(reopened)
        object["auto_ack"] = .boolean(autoAck)
        object["csat"] = .integer(csat.map(Int64.init))
        object["reason"] = .string(reason)
        object["rule"] = .string(rule)
        object["linked_to"] = .string(linkedTo)
        object["priority"] = .string(priority)
        return object.text
    }
}
