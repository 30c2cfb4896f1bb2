import Foundation

/// Message-ID, In-Reply-To and References as lists of `<id>` tokens, angle brackets kept,
/// with the junk clients add (comments, names, "message of …") left out.
public enum MessageIDs {
    static let idEdges: TrimSet = "<>\"'"

    public static func parse(_ raw: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(raw)
        // Found on the bytes: every mail has several of these headers.
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "<")) {
            let after = rest[rest.utf8.index(after: open)...]
            guard let close = after.utf8.firstIndex(of: UInt8(ascii: ">")) else { break }
            let inside = after[after.startIndex..<close]
            let id = inside.utf8.allSatisfy({ $0 < 0x80 })
                ? String(decoding: inside.utf8.filter { !UTF8Spaces.isASCIISpace($0) }, as: UTF8.self)
                : String(inside.filter { !$0.isWhitespace })
            if !id.isEmpty { ids.append("<\(id)>") }
            rest = after[after.utf8.index(after: close)...]
        }
        if ids.isEmpty {
            // Some mailers drop the brackets; a lone token with an @ is still an id.
            for token in raw.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) where token.containsByte(UInt8(ascii: "@")) {
                ids.append("<\(token.trimming(idEdges))>")
            }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
