import Foundation

/// Message-ID, In-Reply-To and References as lists of `<id>` tokens, angle brackets kept,
/// with the junk clients add (comments, names, "message of …") left out.
public enum MessageIDs {
    static let idEdges: TrimSet = "<>\"'"

    public static func parse(_ raw: String) -> [String] {
        var text = raw
        // Found on the bytes: every mail has several of these headers.
        var ids: [String] = text.withUTF8 { bytes in
            var ids: [String] = []
            var index = 0
            while let open = bytes.index(ofByte: UInt8(ascii: "<"), from: index) {
                guard let close = bytes.index(ofByte: UInt8(ascii: ">"), from: open + 1) else { break }
                let inside = UnsafeBufferPointer(rebasing: bytes[(open + 1)..<close])
                if inside.allSatisfy({ $0 < 0x80 }) {
                    // "<", the id without white space, ">": made in one piece.
                    var id: [UInt8] = [UInt8(ascii: "<")]
                    id.reserveCapacity(inside.count + 2)
                    id += inside.lazy.filter { !UTF8Spaces.isASCIISpace($0) }
                    if id.count > 1 { ids.append(String(decoding: id + [UInt8(ascii: ">")], as: UTF8.self)) }
                } else {
                    let id = String(String(decoding: inside, as: UTF8.self).filter { !$0.isWhitespace })
                    if !id.isEmpty { ids.append("<\(id)>") }
                }
                index = close + 1
            }
            return ids
        }
        if ids.isEmpty {
            // Some mailers drop the brackets; a lone token with an @ is still an id.
            for token in raw.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) where token.containsByte(UInt8(ascii: "@")) {
                ids.append("<\(token.trimming(idEdges))>")
            }
        }
        guard ids.count > 1 else { return ids }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
