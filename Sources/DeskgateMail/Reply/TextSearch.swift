/// Substring search on UTF-8 bytes, ASCII letters compared without case. Foundation's
/// `contains` goes through CFString and Unicode folding; these checks run on every line of
/// every message, so they stay on bytes.
enum TextSearch {
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let needleBytes = Array(needle.utf8).map(lowered)
        guard !needleBytes.isEmpty else { return true }
        var haystack = haystack
        return haystack.withUTF8 { buffer in
            guard buffer.count >= needleBytes.count else { return false }
            let first = needleBytes[0]
            var index = 0
            let last = buffer.count - needleBytes.count
            while index <= last {
                if lowered(buffer[index]) == first {
                    var matched = 1
                    while matched < needleBytes.count, lowered(buffer[index + matched]) == needleBytes[matched] { matched += 1 }
                    if matched == needleBytes.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    @inline(__always) static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte
    }
}
