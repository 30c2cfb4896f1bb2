/// White space (Unicode's White_Space, which is also ICU's `\s`) read on UTF-8 bytes or scalars,
/// for scanners whose delimiters are ASCII.
enum UTF8Spaces {
    /// The length in bytes of the white space character at `index`, or 0: ASCII blanks,
    /// and outside ASCII whatever Unicode calls white space (no-break and ideographic spaces).
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return isASCIISpace(lead) ? 1 : 0 }
        guard lead >= 0xC2, lead <= 0xF4 else { return 0 }
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard index + length <= bytes.count else { return 0 }
        var value = UInt32(lead & (0x7F >> length))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return Unicode.Scalar(value)?.properties.isWhitespace == true ? length : 0
    }

    /// The length in bytes of the white space character that ends just before `end`, or 0.
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return length(bytes, at: start) == end - start ? end - start : 0
    }

    /// The same test for a decoded scalar.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? isASCIISpace(UInt8(scalar.value)) : scalar.properties.isWhitespace
    }

    /// Space, tab, LF, VT, FF, CR.
    @inline(__always) static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Whether the character at `index` ends a line: LF, VT, FF, CR, NEL, LS or PS.
    static func isLineEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let lead = bytes[index]
        if lead < 0x80 { return (0x0A...0x0D).contains(lead) }
        if lead == 0xC2 { return index + 1 < bytes.count && bytes[index + 1] == 0x85 }
        return lead == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }
}
