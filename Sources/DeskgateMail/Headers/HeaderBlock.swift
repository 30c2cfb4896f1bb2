import Foundation

/// One header field as it arrived, unfolded: the name, and the value's raw bytes (which may
/// be 8-bit: RFC 6532 UTF-8, or a sender's local charset).
public struct HeaderField: Sendable, Equatable {
    public let name: String
    public let value: ArraySlice<UInt8>

    /// The value as text, before RFC 2047 decoding: UTF-8 when valid, else windows-1252.
    public var rawText: String {
        Charset.isASCII(value) || Charset.validUTF8(value) != nil
            ? String(decoding: value, as: UTF8.self) : Charset.windows1252(value)
    }

    /// The value as a person reads it: encoded words decoded.
    public var text: String { EncodedWords.decode(rawText).text }
}

/// The header section of a message or MIME part.
public struct HeaderBlock: Sendable {
    public var fields: [HeaderField]

    public init(fields: [HeaderField]) { self.fields = fields }

    public func first(_ name: String) -> HeaderField? {
        fields.first { $0.name.caseInsensitiveEquals(name) }
    }

    public func all(_ name: String) -> [HeaderField] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }
    }

    public func contains(_ name: String) -> Bool { first(name) != nil }

    /// The first Message-ID, angle brackets kept.
    public var messageID: String? {
        first("Message-ID").flatMap { MessageIDs.parse($0.rawText).first }
    }

    /// The header section of a raw message, without parsing its body.
    public static func of(_ raw: [UInt8], maximumHeaderBytes: Int = ParsingLimits.standard.maximumHeaderBytes) -> HeaderBlock {
        HeaderSection.split(raw[...], maximumHeaderBytes: maximumHeaderBytes).headers
    }
}

extension String {
    /// Runs of spaces, tabs and line breaks as one space: how header values and
    /// diagnostics are shown on one line.
    var collapsingWhitespace: String {
        collapsingASCIIWhitespace ?? split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).joined(separator: " ")
    }

    /// The same on the bytes, for ASCII text without CRLF; nil otherwise, where a Character
    /// such as CRLF, or a space with a combining mark, is not a separator.
    private var collapsingASCIIWhitespace: String? {
        var text = self
        return text.withUTF8 { bytes -> String? in
            var failed = false
            // Never longer than the text: written into one allocation of its size.
            let output = [UInt8](unsafeUninitializedCapacity: bytes.count) { output, written in
                var count = 0
                var pendingSpace = false
                var previous: UInt8 = 0
                for byte in bytes {
                    if byte >= 0x80 || (previous == 0x0D && byte == 0x0A) { failed = true; break }
                    previous = byte
                    if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                        pendingSpace = count > 0
                    } else {
                        if pendingSpace { output[count] = 0x20; count += 1 }
                        pendingSpace = false
                        output[count] = byte
                        count += 1
                    }
                }
                written = count
            }
            return failed ? nil : String(decoding: output, as: UTF8.self)
        }
    }

    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        func same(_ a: UInt8, _ b: UInt8) -> Bool {
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= UInt8(ascii: "a") && (a | 0x20) <= UInt8(ascii: "z"))
        }
        // Header names are compared for every lookup of every field: on the bytes, not by zipping views.
        let equal: Bool?? = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                for index in 0..<mine.count where !same(mine[index], theirs[index]) { return false }
                return true
            }
        }
        if let equal, let equal { return equal }
        return zip(utf8, other.utf8).allSatisfy(same)
    }
}

/// Splits a message (or part) into its header block and body, tolerating LF or CRLF line
/// ends, an mbox `From ` line, and a first body line that came without the blank line.
enum HeaderSection {
    struct Split {
        var headers: HeaderBlock
        var body: ArraySlice<UInt8>
        var warnings: [String]
    }

    static func split(_ bytes: ArraySlice<UInt8>, maximumHeaderBytes: Int) -> Split {
        var fields: [HeaderField] = []
        var warnings: [String] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        var currentName: String?
        // A value on one line is a slice of the message, no copy; only a folded value is
        // put together in an array of its own.
        var currentLine: Range<Int>?
        var currentValue: [UInt8] = []
        var truncated = false

        func finishField() {
            if let name = currentName {
                fields.append(HeaderField(name: name, value: trimmed(currentLine.map { bytes[$0] } ?? currentValue[...])))
            }
            currentName = nil
            currentLine = nil
            currentValue = []
        }

        while index < end {
            let lineStart = index
            let lineEnd = bytes.index(ofByte: 0x0a, from: index) ?? end
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0d { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            let line = bytes[lineStart..<contentEnd]

            if line.isEmpty {
                finishField()
                index = next
                break
            }
            if lineStart - bytes.startIndex > maximumHeaderBytes {
                if !truncated { warnings.append("header section larger than \(maximumHeaderBytes) bytes; the rest was skipped") }
                truncated = true
                index = next
                continue
            }
            let first = line.first!
            if first == 0x20 || first == 0x09 {
                if currentName != nil {
                    // Unfolding: the line break goes, the whitespace stays.
                    if let first = currentLine {
                        currentValue = Array(bytes[first])
                        currentLine = nil
                    }
                    currentValue.append(contentsOf: line)
                    index = next
                    continue
                }
                warnings.append("header continuation line with no header before it was dropped")
                index = next
                continue
            }
            if fields.isEmpty, currentName == nil, line.starts(with: "From ".utf8) {
                index = next // an mbox separator line
                continue
            }
            guard let colon = bytes.index(ofByte: UInt8(ascii: ":"), from: lineStart, before: contentEnd),
                  colon > line.startIndex,
                  line[line.startIndex..<colon].withUnsafeBufferPointer({ $0.allSatisfy { $0 > 0x20 && $0 < 0x7f } })
            else {
                // Not a header: the body started without its blank line.
                finishField()
                if !fields.isEmpty { warnings.append("no blank line between header and body") }
                index = lineStart
                break
            }
            finishField()
            if truncated { index = next; continue }
            currentName = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            currentLine = (colon + 1)..<contentEnd
            index = next
        }
        if index >= end { finishField() }
        return Split(headers: HeaderBlock(fields: fields), body: bytes[index..<end], warnings: warnings)
    }

    static func trimmed(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = value.startIndex, end = value.endIndex
        while start < end, value[start] == 0x20 || value[start] == 0x09 { start += 1 }
        while end > start, value[end - 1] == 0x20 || value[end - 1] == 0x09 || value[end - 1] == 0x0d { end -= 1 }
        return value[start..<end]
    }
}
