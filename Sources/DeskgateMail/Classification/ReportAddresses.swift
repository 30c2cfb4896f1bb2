/// The addresses and Message-IDs written in the text of a delivery report, found on the
/// UTF-8 bytes. Every character these shapes are made of is ASCII, so the bytes say all a
/// regular expression would — without copying each line to UTF-16 for ICU.
enum ReportAddresses {
    /// Every address in `line`, left to right, as the pattern
    /// `[A-Za-z0-9._%+\-=/!#$&'*?^`{|}~]+@label(\.label)+` finds them, where a label is
    /// letters, digits and inner hyphens.
    static func addresses(in line: String) -> [String] {
        var line = line
        return line.withUTF8 { bytes in
            var found: [String] = []
            var index = 0
            while index < bytes.count {
                guard localCharacters[Int(bytes[index])] else { index += 1; continue }
                // A run of local-part characters: an address only if "@" and a domain follow.
                let start = index
                while index < bytes.count, localCharacters[Int(bytes[index])] { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "@"),
                      let end = domainEnd(bytes, from: index + 1) else { continue }
                found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                index = end
            }
            return found
        }
    }

    /// Where a domain of at least two labels starting at `start` ends, or nil.
    private static func domainEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var labels = 0
        var position = start
        var end = start
        while true {
            guard position < bytes.count, isAlphanumeric(bytes[position]) else { break }
            var cursor = position
            var lastAlphanumeric = position
            while cursor < bytes.count, isAlphanumeric(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "-") {
                if isAlphanumeric(bytes[cursor]) { lastAlphanumeric = cursor }
                cursor += 1
            }
            labels += 1
            end = lastAlphanumeric + 1
            // A label ending in hyphens ends the domain; so does anything but "." before a label.
            guard end == cursor, cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "."),
                  isAlphanumeric(bytes[cursor + 1]) else { break }
            position = cursor + 1
        }
        return labels >= 2 ? end : nil
    }

    /// The values of every "Message-ID: <…>" in `text` (any case), lower-cased, without brackets.
    static func messageIDs(in text: String) -> Set<String> {
        var text = text
        return text.withUTF8 { bytes in
            var found: Set<String> = []
            var index = 0
            while let field = messageIDField.endOfFirstWord(in: bytes, from: index) {
                index = field
                guard let value = bracketedValue(bytes, after: field) else { continue }
                found.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[(value.lowerBound + 1)..<(value.upperBound - 1)]),
                                    as: UTF8.self).lowercased())
                index = value.upperBound
            }
            return found
        }
    }

    /// The values, brackets and all, of the "Message-ID: <…>" fields (any case) that open a
    /// line, perhaps after white space: the headers of a message quoted in a report.
    static func messageIDFields(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            var index = 0
            while let field = messageIDField.endOfFirstWord(in: bytes, from: index) {
                index = field
                guard opensLine(bytes, at: field - messageIDFieldLength), let value = bracketedValue(bytes, after: field) else { continue }
                found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self))
                index = value.upperBound
            }
            return found
        }
    }

    /// `\s*<[^>\s]+>` from `start`: the range of the bracketed value.
    private static func bracketedValue(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Range<Int>? {
        var index = start
        while index < bytes.count, case let length = UTF8Spaces.length(bytes, at: index), length > 0 { index += length }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return nil }
        var close = index + 1
        while close < bytes.count, bytes[close] != UInt8(ascii: ">"), UTF8Spaces.length(bytes, at: close) == 0 { close += 1 }
        guard close > index + 1, close < bytes.count, bytes[close] == UInt8(ascii: ">") else { return nil }
        return index..<(close + 1)
    }

    /// Whether only white space stands between the start of the line and `position`.
    private static func opensLine(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        var cursor = position
        while cursor > 0 {
            let space = UTF8Spaces.length(bytes, endingAt: cursor)
            guard space > 0 else { return false }
            cursor -= space
            if UTF8Spaces.isLineEnd(bytes, at: cursor) { return true }
        }
        return true
    }

    static let messageIDField = KeywordSet(["message-id:"])
    static let messageIDFieldLength = "message-id:".utf8.count

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static let localCharacters: [Bool] = (0...255).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return byte < 0x80 && (isAlphanumeric(UInt8(byte)) || "._%+-=/!#$&'*?^`{|}~".unicodeScalars.contains(scalar))
    }
}
