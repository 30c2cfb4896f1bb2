import CoreFoundation
import Foundation

/// Turns bytes in a declared (or undeclared) charset into text, never failing and never
/// guessing silently: every fallback comes back as a warning for `warnings`.
public enum Charset {
    public struct Decoded: Sendable {
        public var text: String
        public var warning: String?
    }

    /// The labels mail actually carries, mapped to what decodes them best. Latin-1 is read
    /// as windows-1252 (its superset, as every browser does): senders that say ISO-8859-1
    /// routinely send curly quotes and euro signs from 0x80–0x9F.
    static let labelEdges: TrimSet = " \t\"'"

    static func canonicalName(_ label: String) -> String {
        let name = label.trimming(labelEdges).lowercased()
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "646", "us": return "us-ascii"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
             "windows-1252", "cp1252", "x-cp1252", "iso-8859-1:1987": return "windows-1252"
        case "gb2312", "gb_2312-80", "euc-cn", "x-euc-cn", "cp936", "gbk", "x-gbk", "ms936": return "gbk"
        case "ks_c_5601-1987", "ks_c_5601", "ksc5601", "cp949", "x-windows-949", "korean": return "euc-kr"
        case "shift-jis", "x-sjis", "sjis", "ms_kanji", "csshiftjis", "x-ms-cp932", "cp932", "windows-31j", "ms932":
            return "shift_jis"
        case "x-euc-jp", "eucjp", "ujis": return "euc-jp"
        case "unicode-1-1-utf-7", "csunicode11utf7", "x-utf7", "utf7": return "utf-7"
        case "koi8r": return "koi8-r"
        case "koi8u": return "koi8-u"
        case "big5-hkscs", "cn-big5", "x-x-big5", "csbig5": return "big5"
        default:
            if name.hasPrefix("iso8859-") { return "iso-8859-" + name.dropFirst(8) }
            if name.hasPrefix("iso_8859-") { return "iso-8859-" + name.dropFirst(9) }
            if name.hasPrefix("cp125"), name.count == 6 { return "windows-" + name.dropFirst(2) }
            if name.hasPrefix("win-125") || name.hasPrefix("x-cp125") { return "windows-125" + String(name.last!) }
            return name
        }
    }

    /// Decodes `bytes` as `label` says. With no label, UTF-8 when the bytes are valid
    /// UTF-8 (as modern clients send it), otherwise windows-1252.
    /// Charsets that write non-ASCII text in ASCII bytes: these must be decoded even when
    /// every byte is below 0x80.
    static let sevenBitEncodings: Set<String> = ["utf-7", "iso-2022-jp", "iso-2022-kr", "iso-2022-cn", "hz-gb-2312", "iso-2022-jp-2"]

    public static func decode(_ bytes: some Collection<UInt8>, label: String?) -> Decoded {
        if isASCII(bytes), label.map({ !sevenBitEncodings.contains(canonicalName($0)) || staysASCII(bytes, as: canonicalName($0)) }) ?? true {
            return Decoded(text: String(decoding: bytes, as: UTF8.self))
        }
        guard let label, !label.isEmpty else {
            if let text = validUTF8(bytes) { return Decoded(text: text) }
            return Decoded(text: windows1252(bytes), warning: "unlabelled 8-bit text decoded as windows-1252")
        }
        let name = canonicalName(label)
        switch name {
        case "utf-8":
            if let text = validUTF8(bytes) { return Decoded(text: text) }
            // Mislabelled Latin text is far more common than truly broken UTF-8.
            if mostlyInvalidUTF8(bytes) {
                return Decoded(text: windows1252(bytes), warning: "text labelled utf-8 is not UTF-8; decoded as windows-1252")
            }
            return Decoded(text: String(decoding: bytes, as: UTF8.self),
                           warning: "invalid UTF-8 sequences replaced with U+FFFD")
        case "us-ascii":
            if let text = validUTF8(bytes) { return Decoded(text: text, warning: "8-bit text labelled us-ascii decoded as UTF-8") }
            return Decoded(text: windows1252(bytes), warning: "8-bit text labelled us-ascii decoded as windows-1252")
        case "windows-1252":
            return Decoded(text: windows1252(bytes))
        case "euc-jp":
            if let text = foundationDecode(EUCJP.toShiftJIS(Array(bytes)), name: "shift_jis") { return Decoded(text: text) }
            return Decoded(text: windows1252(bytes), warning: "charset \(label) fell back to windows-1252")
        default:
            if let text = foundationDecode(bytes, name: name) { return Decoded(text: text) }
            if let text = validUTF8(bytes) {
                return Decoded(text: text, warning: "charset \(label) not usable; the text is valid UTF-8 and was read as such")
            }
            return Decoded(text: windows1252(bytes), warning: "charset \(label) fell back to windows-1252")
        }
    }

    /// ISO-2022 text leaves ASCII only by an escape sequence or a shift (SO, SI); without
    /// one, as in most of the Japanese mail systems' reports, it is ASCII as it stands.
    static func staysASCII(_ bytes: some Collection<UInt8>, as name: String) -> Bool {
        guard name.hasPrefix("iso-2022-") else { return false }
        return !bytes.contains { $0 == 0x1B || $0 == 0x0E || $0 == 0x0F }
    }

    static func isASCII(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.withContiguousStorageIfAvailable(isASCII) ?? bytes.allSatisfy { $0 < 0x80 }
    }

    /// Eight bytes at a time: asked of every line of every reply.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    static func validUTF8(_ bytes: some Collection<UInt8>) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    private static func mostlyInvalidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        let decoded = String(decoding: bytes, as: UTF8.self)
        let replacements = decoded.unicodeScalars.lazy.filter { $0 == "\u{FFFD}" }.count
        let high = bytes.lazy.filter { $0 >= 0x80 }.count
        return replacements * 2 >= high / 2
    }

    private static let windows1252High: [Unicode.Scalar] = [
        "\u{20AC}", "\u{81}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{8D}", "\u{017D}", "\u{8F}",
        "\u{90}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{9D}", "\u{017E}", "\u{0178}",
    ]

    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                utf8.append(byte)
            } else if byte < 0xA0 {
                utf8.append(contentsOf: UTF8.encode(windows1252High[Int(byte - 0x80)])!)
            } else {
                utf8.append(0xC0 | byte >> 6)
                utf8.append(0x80 | byte & 0x3F)
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Everything else goes through CoreFoundation's converters (ICU-backed on Linux):
    /// ISO-8859-x, Windows-125x, KOI8, GBK/GB18030, Big5, Shift_JIS, EUC-JP/KR, ISO-2022-JP, UTF-7.
    private static func foundationDecode(_ bytes: some Collection<UInt8>, name: String) -> String? {
        let encodingID: CFStringEncoding = name.withCString { pointer in
            guard let cfName = CFStringCreateWithCString(nil, pointer, CFStringBuiltInEncodings.UTF8.rawValue) else {
                return kCFStringEncodingInvalidId
            }
            return CFStringConvertIANACharSetNameToEncoding(cfName)
        }
        guard encodingID != kCFStringEncodingInvalidId else { return nil }
        let contiguous = Array(bytes)
        guard let string = contiguous.withUnsafeBufferPointer({ buffer in
            CFStringCreateWithBytes(nil, buffer.baseAddress, buffer.count, encodingID, false)
        }) else { return nil }
        // Read back as UTF-8: Swift makes a String from UTF-8 far faster than from UTF-16.
        let whole = CFRange(location: 0, length: CFStringGetLength(string))
        let utf8 = CFStringBuiltInEncodings.UTF8.rawValue
        var byteCount: CFIndex = 0
        CFStringGetBytes(string, whole, utf8, 0, false, nil, 0, &byteCount)
        var units = [UInt8](repeating: 0, count: byteCount)
        let converted = units.withUnsafeMutableBufferPointer { buffer in
            CFStringGetBytes(string, whole, utf8, 0, false, buffer.baseAddress, byteCount, nil)
        }
        if converted == whole.length { return String(decoding: units, as: UTF8.self) }
        // A lone surrogate (broken UTF-7) has no UTF-8: read the UTF-16, which repairs it to U+FFFD.
        var utf16 = [UInt16](repeating: 0, count: whole.length)
        utf16.withUnsafeMutableBufferPointer { buffer in CFStringGetCharacters(string, whole, buffer.baseAddress) }
        return String(decoding: utf16, as: UTF16.self)
    }
}
