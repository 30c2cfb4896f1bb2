/// The codes a non-delivery report gives its reasons in: an enhanced status code (RFC 3463,
/// "5.1.1") and an SMTP reply code ("550"). Read on the bytes: a report is searched for
/// them window by window, and a regular expression with look-arounds over UTF-16 made that
/// the larger part of reading a bounce.
enum DeliveryCodes {
    /// The first "class.subject.detail" with class 2, 4 or 5, not part of a longer number
    /// or dotted sequence (a version or an IP address).
    static func statusCode(in text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let count = bytes.count
            var index = 0
            while index < count {
                defer { index += 1 }
                let byte = bytes[index]
                guard byte == UInt8(ascii: "2") || byte == UInt8(ascii: "4") || byte == UInt8(ascii: "5") else { continue }
                if index > 0, isDigit(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: ".") { continue }
                guard index + 1 < count, bytes[index + 1] == UInt8(ascii: ".") else { continue }
                let subjectEnd = digitsEnd(bytes, from: index + 2)
                guard (1...3).contains(subjectEnd - index - 2), subjectEnd < count, bytes[subjectEnd] == UInt8(ascii: ".") else { continue }
                let detailEnd = digitsEnd(bytes, from: subjectEnd + 1)
                guard (1...3).contains(detailEnd - subjectEnd - 1) else { continue }
                if detailEnd < count, isDigit(bytes[detailEnd]) || bytes[detailEnd] == UInt8(ascii: ".") { continue }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<detailEnd]), as: UTF8.self)
            }
            return nil
        }
    }

    /// The first three-digit 4xx or 5xx reply code standing on its own and followed by a
    /// space, a hyphen (a multi-line reply) or a comma, and not by "-digit" (a date or range).
    static func smtpCode(in text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            let count = bytes.count
            var index = 0
            while index + 3 < count {
                defer { index += 1 }
                let byte = bytes[index]
                guard byte == UInt8(ascii: "4") || byte == UInt8(ascii: "5") else { continue }
                if index > 0, isDigit(bytes[index - 1]) || joinsNumber(bytes[index - 1]) {
                    continue
                }
                guard isDigit(bytes[index + 1]), isDigit(bytes[index + 2]) else { continue }
                let after = index + 3
                let next = bytes[after]
                if next == UInt8(ascii: "-") {
                    if after + 1 < count, isDigit(bytes[after + 1]) { continue }
                } else if next != UInt8(ascii: ","), whitespaceLength(bytes, at: after) == 0 {
                    continue
                }
                return Int(byte - 0x30) * 100 + Int(bytes[index + 1] - 0x30) * 10 + Int(bytes[index + 2] - 0x30)
            }
            return nil
        }
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// ".", ":", "-" and "#" before a number make it part of something longer.
    @inline(__always) private static func joinsNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "#")
    }

    private static func digitsEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        return end
    }

    /// The length of the white-space character at `index` (Unicode's White_Space, as `\s`), or 0.
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { return 1 }
        guard byte >= 0xC2, index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        if byte == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }
        guard index + 2 < bytes.count else { return 0 }
        let third = bytes[index + 2]
        switch (byte, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0 // U+1680
        case (0xE2, 0x80): return (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0 // U+205F
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0 // U+3000
        default: return 0
        }
    }
}
