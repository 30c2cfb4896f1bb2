/// A ticket's human reference such as `INC-000123`: a configured prefix per kind over
/// one shared number space, so reclassifying a ticket never reuses a number.
public struct TicketReference: Sendable, Hashable, CustomStringConvertible {
    public let prefix: String
    public let number: Int

    /// Numbers are zero-padded to this width; longer numbers are written in full.
    public static let minimumDigits = 6

    public init(prefix: String, number: Int) {
        precondition(number > 0, "ticket numbers start at 1")
        self.prefix = prefix
        self.number = number
    }

    public var description: String {
        let digits = String(number)
        let padding = String(repeating: "0", count: max(0, Self.minimumDigits - digits.count))
        return "\(prefix)-\(padding)\(digits)"
    }

    /// Reads `PREFIX-000123` when `PREFIX` is one of ours. Other systems' numbers
    /// (`JIRA-123`, `INC0012345`) do not parse: their prefix or shape is not ours.
    public init?(parsing text: some StringProtocol, knownPrefixes: Set<String>) {
        guard let dash = text.lastIndex(of: "-") else { return nil }
        let prefix = String(text[text.startIndex..<dash])
        let digits = text[text.index(after: dash)...]
        guard knownPrefixes.contains(prefix),
              digits.count >= Self.minimumDigits,
              digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = Int(digits), number > 0
        else { return nil }
        self.init(prefix: prefix, number: number)
    }
}
