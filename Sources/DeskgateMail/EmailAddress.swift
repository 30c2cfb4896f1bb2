import Foundation

/// An address as Deskgate compares it: the local part kept as written (it may be
/// case-sensitive on the receiving server), the domain lower-cased (it never is).
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let localPart: String
    public let domain: String

    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingWhitespace()
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = String(trimmed[trimmed.startIndex..<at])
        let domain = String(trimmed[trimmed.index(after: at)...])
        guard !local.isEmpty, !domain.isEmpty,
              !local.contains(where: \.isWhitespace), !domain.contains(where: \.isWhitespace),
              !domain.containsByte(UInt8(ascii: "@"))
        else { return nil }
        self.localPart = local
        self.domain = domain.lowercased()
    }

    public var description: String { "\(localPart)@\(domain)" }

    /// The key under which contacts are looked up: addresses differing only in case are
    /// one person in practice, whatever RFC 5321 allows.
    public var canonical: String { "\(localPart.lowercased())@\(domain)" }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return Substring(slice)
    }
}
