import Foundation

/// Message-ID, In-Reply-To and References as lists of `<id>` tokens, angle brackets kept,
/// with the junk clients add (comments, names, "message of …") left out.
public enum MessageIDs {
    public static func parse(_ raw: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(raw)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: ">") else { break }
            let id = after[after.startIndex..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append("<\(id)>") }
            rest = after[after.index(after: close)...]
        }
        if ids.isEmpty {
            // Some mailers drop the brackets; a lone token with an @ is still an id.
            for token in raw.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) where token.contains("@") {
                ids.append("<\(token.trimming(CharacterSet(charactersIn: "<>\"'")))>")
            }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
