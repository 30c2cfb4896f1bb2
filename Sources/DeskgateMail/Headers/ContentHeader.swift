import Foundation

/// A structured header such as Content-Type or Content-Disposition: a main value and its
/// parameters, with RFC 2231 continuations (`filename*0*=`) and charsets, and RFC 2047
/// encoded words in quoted values, which many clients send instead.
public struct ContentHeader: Sendable, Equatable {
    public var value: String
    public var parameters: [String: String]
    public var warnings: [String] = []

    public init(value: String, parameters: [String: String]) {
        self.value = value
        self.parameters = parameters
    }

    public subscript(parameter name: String) -> String? { parameters[name.lowercased()] }

    public static func parse(_ raw: String) -> ContentHeader {
        var bytes = raw
        if let header = bytes.withUTF8(parsePlain) { return header }
        let pieces = splitParameters(raw)
        let value = (pieces.first ?? "").trimming(.whitespaces).lowercased()
        var simple: [String: String] = [:]
        // name -> [section: (value, encoded)]
        var sections: [String: [Int: (String, Bool)]] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            var name = piece[piece.startIndex..<equals].trimming(.whitespaces).lowercased()
            let rawValue = piece[piece.index(after: equals)...].trimming(.whitespaces)
            let unquoted = unquote(rawValue)
            guard !name.isEmpty else { continue }
            var encoded = false
            if name.hasSuffix("*") { encoded = true; name.removeLast() }
            if let star = name.utf8.lastIndex(of: UInt8(ascii: "*")), let section = Int(name[name.index(after: star)...]) {
                let base = String(name[name.startIndex..<star])
                sections[base, default: [:]][section] = (unquoted, encoded)
            } else if encoded {
                sections[name, default: [:]][0] = (unquoted, true)
            } else if simple[name] == nil {
                simple[name] = unquoted
            }
        }
        var header = ContentHeader(value: value, parameters: [:])
        for (name, parts) in sections {
            var charset: String?
            var bytes: [UInt8] = []
            for section in parts.keys.sorted() {
                let (text, encoded) = parts[section]!
                var payload = Substring(text)
                if section == parts.keys.min(), encoded {
                    // charset'language'value
                    let quoteParts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if quoteParts.count == 3 {
                        charset = quoteParts[0].isEmpty ? nil : String(quoteParts[0])
                        payload = quoteParts[2]
                    }
                }
                bytes += encoded ? percentDecoded(payload) : Array(payload.utf8)
            }
            let decoded = Charset.decode(bytes, label: charset ?? "utf-8")
            if let warning = decoded.warning { header.warnings.append("parameter \(name): \(warning)") }
            header.parameters[name] = decoded.text
        }
        for (name, value) in simple where header.parameters[name] == nil {
            let decoded = EncodedWords.decode(value)
            header.parameters[name] = decoded.text
        }
        return header
    }

    /// `parse` for the usual header, on its bytes: ASCII, parameters without RFC 2231
    /// sections (`*`) or encoded words. Nil for anything else, which the general way reads.
    private static func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> ContentHeader? {
        guard Charset.isASCII(bytes) else { return nil }
        func trimmed(_ range: Range<Int>) -> Range<Int> {
            var start = range.lowerBound, end = range.upperBound
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            return start..<end
        }
        func lowered(_ range: Range<Int>) -> String { String(decoding: bytes[range].map(KeywordSet.lowered), as: UTF8.self) }
        let pieces = parameterRanges(bytes)
        var header = ContentHeader(value: lowered(trimmed(pieces[0])), parameters: [:])
        for piece in pieces.dropFirst() {
            guard let equals = bytes[piece].firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = trimmed(piece.lowerBound..<equals)
            guard !name.isEmpty else { continue }
            if bytes[name].contains(UInt8(ascii: "*")) { return nil }
            let value = unquoted(UnsafeBufferPointer(rebasing: bytes[trimmed((equals + 1)..<piece.upperBound)]))
            if value.withUnsafeBufferPointer({ EncodedWords.marker.occurs(in: $0) }) { return nil }
            let key = lowered(name)
            if header.parameters[key] == nil { header.parameters[key] = String(decoding: value, as: UTF8.self) }
        }
        return header
    }

    /// A quoted-string without its quotes and escapes, on the bytes.
    private static func unquoted(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard text.first == UInt8(ascii: "\""), text.count >= 2 else { return Array(text) }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var escaped = false
        for byte in text.dropFirst() {
            if escaped { output.append(byte); escaped = false; continue }
            if byte == UInt8(ascii: "\\") { escaped = true; continue }
            if byte == UInt8(ascii: "\"") { break }
            output.append(byte)
        }
        return output
    }

    /// The pieces between semicolons outside quotes, read on the bytes (all the
    /// punctuation is ASCII).
    static func splitParameters(_ raw: String) -> [String] {
        var raw = raw
        return raw.withUTF8 { bytes in
            parameterRanges(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    /// Where the pieces between semicolons outside quotes lie.
    private static func parameterRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = 0
        var inQuote = false, escaped = false
        for index in bytes.indices {
            let byte = bytes[index]
            if escaped { escaped = false; continue }
            if byte == UInt8(ascii: "\\") && inQuote { escaped = true; continue }
            if byte == UInt8(ascii: "\"") { inQuote.toggle() }
            if byte == UInt8(ascii: ";") && !inQuote {
                pieces.append(start..<index)
                start = index + 1
            }
        }
        pieces.append(start..<bytes.count)
        return pieces
    }

    /// A quoted-string without its quotes and escapes, read on the bytes (quote and
    /// backslash are ASCII, and escaping a byte of a longer character copies it as it is).
    static func unquote(_ text: String) -> String {
        guard text.utf8.first == UInt8(ascii: "\""), text.utf8.count >= 2 else { return text }
        var text = text
        return String(decoding: text.withUTF8(unquoted), as: UTF8.self)
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let high = TransferDecoding.hexValue(utf8[index + 1]), let low = TransferDecoding.hexValue(utf8[index + 2]) {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return bytes
    }
}
