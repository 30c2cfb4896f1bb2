import Foundation

/// A person's address as a header gives it: the display name (decoded) and the address.
public struct MailboxAddress: Sendable, Equatable, Codable {
    public var name: String
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}

/// RFC 5322 address lists as they occur: groups, quoted names with commas, comments as
/// names, names without brackets, encoded words, trailing junk.
public enum AddressListParser {
    public static func parse(_ raw: String) -> [MailboxAddress] {
        var result: [MailboxAddress] = []
        for item in splitTopLevel(raw) {
            var entry = item
            // A group: "Team: a@x, b@y;" — the members are what matters.
            if let colon = topLevelIndex(of: ":", in: entry), !entry[entry.startIndex..<colon].containsByte(UInt8(ascii: "@")),
               topLevelIndex(of: "<", in: entry).map({ $0 > colon }) ?? true {
                entry = String(entry[entry.index(after: colon)...])
            }
            entry = entry.replacingASCII(UInt8(ascii: ";"), with: UInt8(ascii: " "))
            if let mailbox = parseMailbox(entry) { result.append(mailbox) }
        }
        return result
    }

    static func parseMailbox(_ text: String) -> MailboxAddress? {
        let trimmed = text.trimming(.whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let open = topLevelIndex(of: "<", in: trimmed) {
            let afterOpen = trimmed[trimmed.index(after: open)...]
            let close = afterOpen.firstIndex(of: ">") ?? afterOpen.endIndex
            let address = cleanAddress(String(afterOpen[afterOpen.startIndex..<close]))
            var name = displayName(String(trimmed[trimmed.startIndex..<open]))
            if name.isEmpty, close < afterOpen.endIndex {
                name = commentText(String(afterOpen[afterOpen.index(after: close)...]))
            }
            guard !address.isEmpty || !name.isEmpty else { return nil }
            return MailboxAddress(name: name, address: address)
        }
        // No brackets: "addr (Name)" or "Name addr" or just "addr".
        let comment = commentText(trimmed)
        let withoutComments = removingComments(trimmed)
        let words = splitWords(withoutComments)
        if let addressWord = words.last(where: { $0.containsByte(UInt8(ascii: "@")) }) {
            let nameWords = words.filter { $0 != addressWord }
            let name = nameWords.isEmpty ? comment : displayName(nameWords.joined(separator: " "))
            return MailboxAddress(name: name, address: cleanAddress(addressWord))
        }
        // No @ at all ("undisclosed-recipients", a local user name): keep as written.
        return MailboxAddress(name: comment, address: cleanAddress(withoutComments))
    }

    static func displayName(_ raw: String) -> String {
        if let name = asciiDisplayName(raw) { return name }
        var text = removingComments(raw).trimming(.whitespacesAndNewlines)
        if text.isEmpty { text = commentText(raw) }
        // Quoted pieces are unquoted; encoded words are decoded, even where RFC 2047
        // forbids them (inside quotes), because that is where many clients put them.
        var output = ""
        var inQuote = false
        var escaped = false
        for character in text {
            if escaped { output.append(character); escaped = false; continue }
            if character == "\\" && inQuote { escaped = true; continue }
            if character == "\"" { inQuote.toggle(); continue }
            output.append(character)
        }
        return EncodedWords.decode(output).text.collapsingWhitespace.trimming(nameEdges)
    }

    /// `displayName` for ASCII without comments or encoded words, the usual name, on the
    /// bytes: quotes and escapes taken out in one pass. Nil for anything else.
    private static func asciiDisplayName(_ raw: String) -> String? {
        var raw = raw
        let unquoted: [UInt8]? = raw.withUTF8 { bytes in
            guard Charset.isASCII(bytes), !bytes.contains(UInt8(ascii: "(")) else { return nil }
            var start = 0, end = bytes.count
            while start < end, UTF8Spaces.isASCIISpace(bytes[start]) { start += 1 }
            while end > start, UTF8Spaces.isASCIISpace(bytes[end - 1]) { end -= 1 }
            var output: [UInt8] = []
            output.reserveCapacity(end - start)
            var inQuote = false, escaped = false
            for byte in bytes[start..<end] {
                if escaped { output.append(byte); escaped = false; continue }
                if byte == UInt8(ascii: "\\") && inQuote { escaped = true; continue }
                if byte == UInt8(ascii: "\"") { inQuote.toggle(); continue }
                output.append(byte)
            }
            return output.withUnsafeBufferPointer { EncodedWords.marker.occurs(in: $0) } ? nil : output
        }
        return unquoted.map { String(decoding: $0, as: UTF8.self).collapsingWhitespace.trimming(nameEdges) }
    }

    static let nameEdges: TrimSet = " '"
    static let addressEdges: TrimSet = " \t\r\n<>\"'.,;:"

    static func cleanAddress(_ raw: String) -> String {
        if let address = asciiAddress(raw) { return address }
        var address = removingComments(raw).trimming(addressEdges)
        address = address.replacingASCII(UInt8(ascii: " "), with: nil)
        if address.utf8.count >= 7, zip(address.utf8.prefix(7), "mailto:".utf8).allSatisfy({ KeywordSet.lowered($0) == $1 }) {
            address = String(address.dropFirst(7))
        }
        guard let at = address.utf8.lastIndex(of: UInt8(ascii: "@")) else { return address }
        let domain = IDN.readable(String(address[address.index(after: at)...]).lowercased())
        return address[address.startIndex..<at] + "@" + domain
    }

    /// `cleanAddress` for ASCII without comments or Punycode, the usual address, on the
    /// bytes. Nil for anything else.
    private static func asciiAddress(_ raw: String) -> String? {
        var raw = raw
        return raw.withUTF8 { bytes -> String? in
            guard Charset.isASCII(bytes), !bytes.contains(UInt8(ascii: "(")) else { return nil }
            var start = 0, end = bytes.count
            while start < end, addressEdgeBytes[Int(bytes[start])] { start += 1 }
            while end > start, addressEdgeBytes[Int(bytes[end - 1])] { end -= 1 }
            var address = bytes[start..<end].filter { $0 != 0x20 }
            if address.count >= 7, zip(address.prefix(7), "mailto:".utf8).allSatisfy({ KeywordSet.lowered($0) == $1 }) {
                address.removeFirst(7)
            }
            if let at = address.lastIndex(of: UInt8(ascii: "@")) {
                for index in (at + 1)..<address.count { address[index] = KeywordSet.lowered(address[index]) }
                // Punycode labels are shown decoded: the general way.
                guard !address[(at + 1)...].withUnsafeBufferPointer(IDN.punycodeMarker.occurs) else { return nil }
            }
            return String(decoding: address, as: UTF8.self)
        }
    }

    private static let addressEdgeBytes: [Bool] = (0..<256).map { $0 < 0x80 && addressEdges.contains(asciiByte: UInt8($0)) }

    // The scanners below look only at ASCII punctuation, so they read the UTF-8 bytes:
    // walking Characters ran the grapheme breaker over every header of every mail.

    /// Calls `body` with each byte outside quoted strings and comments, and its offset, in
    /// order, until it returns false.
    static func forEachTopLevelByte(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, UInt8) -> Bool) {
        var inQuote = false, escaped = false, depth = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if escaped { escaped = false; continue }
            switch byte {
            case UInt8(ascii: "\\") where inQuote: escaped = true
            case UInt8(ascii: "\"") where depth == 0: inQuote.toggle()
            case UInt8(ascii: "(") where !inQuote: depth += 1
            case UInt8(ascii: ")") where !inQuote && depth > 0: depth -= 1
            default:
                if !inQuote, depth == 0, !body(index, byte) { return }
            }
        }
    }

    /// Splits at commas outside quotes, brackets and comments.
    static func splitTopLevel(_ text: String) -> [String] {
        var text = text
        let items: [String] = text.withUTF8 { bytes in
            func item(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            var items: [String] = []
            var start = 0
            var angle = 0
            forEachTopLevelByte(in: bytes) { index, byte in
                if byte == UInt8(ascii: "<") {
                    angle += 1
                } else if byte == UInt8(ascii: ">"), angle > 0 {
                    angle -= 1
                } else if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";"), angle == 0 {
                    // A ";" stays with its item: it ends a group.
                    items.append(item(start..<(byte == UInt8(ascii: ";") ? index + 1 : index)))
                    start = index + 1
                }
                return true
            }
            items.append(item(start..<bytes.count))
            return items
        }
        return items.filter { !$0.trimming(.whitespacesAndNewlines).isEmpty }
    }

    static func topLevelIndex(of target: Character, in text: String) -> String.Index? {
        guard let target = target.asciiValue else { return nil }
        var bytes = text
        let offset: Int? = bytes.withUTF8 { bytes in
            var found: Int?
            forEachTopLevelByte(in: bytes) { index, byte in
                if byte == target { found = index }
                return found == nil
            }
            return found
        }
        return offset.map { text.utf8.index(text.utf8.startIndex, offsetBy: $0) }
    }

    static func removingComments(_ text: String) -> String { separatingComments(text).outside }

    static func commentText(_ text: String) -> String {
        EncodedWords.decode(separatingComments(text).comments.trimming(.whitespaces)).text
    }

    /// RFC 5322 comments are parenthesised and may nest; quoted strings hide parentheses.
    /// Returns the text outside the comments and the text of the comments themselves.
    static func separatingComments(_ text: String) -> (outside: String, comments: String) {
        // Most headers have no comment at all.
        guard text.containsByte(UInt8(ascii: "(")) else { return (text, "") }
        var outside: [UInt8] = [], comments: [UInt8] = []
        var depth = 0, inQuote = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") && depth == 0 { inQuote.toggle() }
            if !inQuote {
                if byte == UInt8(ascii: "(") {
                    depth += 1
                    if depth == 1 { continue }
                } else if byte == UInt8(ascii: ")") && depth > 0 {
                    depth -= 1
                    if depth == 0 { comments.append(0x20); continue }
                }
            }
            if depth == 0 { outside.append(byte) } else { comments.append(byte) }
        }
        return (String(decoding: outside, as: UTF8.self), String(decoding: comments, as: UTF8.self))
    }

    private static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        let utf8 = text.utf8
        var start: String.Index?
        var inQuote = false
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") { inQuote.toggle() }
            if (byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A) && !inQuote {
                if let wordStart = start { words.append(String(text[wordStart..<index])) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = utf8.index(after: index)
        }
        if let wordStart = start { words.append(String(text[wordStart...])) }
        return words
    }
}
