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
        if let file { object.add("file", .string(file)) }
        object.add("journal_id", .integer(journalID))
        object.add("message_id", .string(messageID))
        object.add("outcome", .string(outcome))
        object.add("ticket", .string(ticket))
        object.add("kind", .string(kind))
        object.add("reopened", .boolean(reopened))
        object.add("auto_ack", .boolean(autoAck))
        object.add("csat", .integer(csat.map(Int64.init)))
        object.add("reason", .string(reason))
        object.add("rule", .string(rule))
        object.add("linked_to", .string(linkedTo))
        object.add("priority", .string(priority))
        return object.text
    }
}
