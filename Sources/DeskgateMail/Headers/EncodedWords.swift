import Foundation

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in subjects, names and filenames, as
/// mail really has them: adjacent words whose bytes only make sense together, words inside
/// quoted strings, lower-case encodings, missing separators, and broken words left as typed.
public enum EncodedWords {
    /// What every encoded word starts with; text without it is returned as it is.
    static let marker = KeywordSet(["=?"])

    public static func decode(_ text: String) -> (text: String, warnings: [String]) {
        guard marker.occurs(in: text) else { return (text, []) }
        var output = ""
        var warnings: [String] = []
        var pendingBytes: [UInt8] = []
        var pendingCharset: String?
        var lastWasWord = false
        func flushPending() {
            guard let charset = pendingCharset else { return }
            let decoded = Charset.decode(pendingBytes, label: charset)
            output += decoded.text
            if let warning = decoded.warning { warnings.append("encoded word: \(warning)") }
            pendingBytes.removeAll()
            pendingCharset = nil
        }

        var rest = Substring(text)
        while let start = rest.range(of: "=?") {
            let before = rest[rest.startIndex..<start.lowerBound]
            guard let word = parseWord(rest[start.lowerBound...]) else {
                flushPending()
                output += before + "=?"
                rest = rest[start.upperBound...]
                lastWasWord = false
                continue
            }
            // Whitespace between two encoded words is not part of the text (RFC 2047 6.2).
            let onlyWhitespace = before.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            if !(lastWasWord && onlyWhitespace) {
                flushPending()
                output += before
            }
            // Bytes of adjacent words in one charset are joined first: senders split
            // multi-byte characters across words.
            if let charset = pendingCharset, charset.lowercased() != word.charset.lowercased() { flushPending() }
            pendingCharset = word.charset
            pendingBytes += word.bytes
            rest = rest[word.end...]
            lastWasWord = true
        }
        flushPending()
        output += rest
        return (output, warnings)
    }

    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Substring.Index
    }

    /// Reads one word at the start of `text` (which begins with `=?`).
    static func parseWord(_ text: Substring) -> Word? {
        let body = text.dropFirst(2)
        guard let firstQuestion = body.firstIndex(of: "?") else { return nil }
        var charset = String(body[body.startIndex..<firstQuestion])
        // RFC 2231 language suffix: =?utf-8*de?Q?...?=
        if let star = charset.firstIndex(of: "*") { charset = String(charset[charset.startIndex..<star]) }
        guard !charset.isEmpty, charset.count < 40, !charset.containsByte(UInt8(ascii: " ")) else { return nil }
        let afterCharset = body[body.index(after: firstQuestion)...]
        guard let encoding = afterCharset.first, afterCharset.dropFirst().first == "?" else { return nil }
        let payloadStart = afterCharset.index(afterCharset.startIndex, offsetBy: 2)
        let payloadArea = afterCharset[payloadStart...]
        guard let close = payloadArea.range(of: "?=") else { return nil }
        let payload = payloadArea[payloadArea.startIndex..<close.lowerBound]
        // A space inside a word means the closing never came; treat as not a word.
        guard !payload.containsByte(UInt8(ascii: " ")) else { return nil }
        let bytes: [UInt8]
        switch encoding {
        case "B", "b":
            bytes = TransferDecoding.base64(ArraySlice(payload.utf8)).bytes
        case "Q", "q":
            var decoded: [UInt8] = []
            var index = payload.utf8.startIndex
            let utf8 = payload.utf8
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == UInt8(ascii: "_") {
                    decoded.append(0x20)
                } else if byte == UInt8(ascii: "="), let second = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                          second < utf8.endIndex, let third = utf8.index(second, offsetBy: 1, limitedBy: utf8.endIndex),
                          third < utf8.endIndex,
                          let high = TransferDecoding.hexValue(utf8[second]), let low = TransferDecoding.hexValue(utf8[third]) {
                    decoded.append(high << 4 | low)
                    index = third
                } else {
                    decoded.append(byte)
                }
                index = utf8.index(after: index)
            }
            bytes = decoded
        default:
            return nil
        }
        return Word(charset: charset, bytes: bytes, end: close.upperBound)
    }
}
