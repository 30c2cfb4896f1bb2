import Foundation

/// Finds references to our own tickets (`INC-000123`) in text. Only our prefixes count, and
/// only whole tokens: `XINC-000123` or `INC-0001234567x` are not ours, nor are other
/// systems' numbers such as `JIRA-123` or `INC0012345`. Prefixes are ASCII capitals, so the
/// scan works on UTF-8 bytes: it runs over every mail's text.
public enum TicketReferenceScanner {
    public static func scan(_ texts: [String], prefixes: Set<String>, minimumDigits: Int = 6) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        let longest = prefixes.map(\.utf8.count).max() ?? 0
        for var text in texts {
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                // Every reference has its hyphen: found with memchr, the capitals before it
                // and the digits after it are read from there. A reference starts at a word
                // boundary with the whole run of capitals before the hyphen.
                var from = 0
                while from < bytes.count, let pointer = memchr(base + from, Int32(UInt8(ascii: "-")), bytes.count - from) {
                    let hyphen = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(pointer))
                    from = hyphen + 1
                    var start = hyphen
                    while start > 0, isCapital(bytes[start - 1]) { start -= 1 }
                    guard start < hyphen, hyphen - start <= longest, start == 0 || !isWordByte(bytes[start - 1]),
                          prefixes.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<hyphen]), as: UTF8.self))
                    else { continue }
                    var digitEnd = hyphen + 1
                    while digitEnd < bytes.count, isDigit(bytes[digitEnd]) { digitEnd += 1 }
                    if digitEnd - hyphen - 1 >= minimumDigits, digitEnd == bytes.count || !isWordByte(bytes[digitEnd]) {
                        let reference = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<digitEnd]), as: UTF8.self)
                        if seen.insert(reference).inserted { found.append(reference) }
                    }
                }
            }
        }
        return found
    }

    private static func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5a }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// ASCII letters, digits and `_` join words. Non-ASCII bytes do not: CJK clients put
    /// tags right after `：` or inside `【】`.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isCapital(byte) || (byte >= 0x61 && byte <= 0x7a) || isDigit(byte) || byte == UInt8(ascii: "_")
    }
}
