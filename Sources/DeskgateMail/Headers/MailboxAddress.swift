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
            if let colon = topLevelIndex(of: ":", in: entry), !entry[entry.startIndex..<colon].contains("@"),
               topLevelIndex(of: "<", in: entry).map({ $0 > colon }) ?? true {
                entry = String(entry[entry.index(after: colon)...])
            }
            entry = entry.replacingOccurrences(of: ";", with: " ")
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
        if let addressWord = words.last(where: { $0.contains("@") }) {
            let nameWords = words.filter { $0 != addressWord }
            let name = nameWords.isEmpty ? comment : displayName(nameWords.joined(separator: " "))
            return MailboxAddress(name: name, address: cleanAddress(addressWord))
        }
        // No @ at all ("undisclosed-recipients", a local user name): keep as written.
        return MailboxAddress(name: comment, address: cleanAddress(withoutComments))
    }

    static func displayName(_ raw: String) -> String {
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
        return EncodedWords.decode(output).text.collapsingWhitespace.trimming(CharacterSet(charactersIn: " '"))
    }

    static func cleanAddress(_ raw: String) -> String {
        var address = removingComments(raw).trimming(CharacterSet(charactersIn: " \t\r\n<>\"'.,;:"))
        address = address.replacingOccurrences(of: " ", with: "")
        if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
        guard let at = address.lastIndex(of: "@") else { return address }
        let domain = IDN.readable(String(address[address.index(after: at)...]).lowercased())
        return address[address.startIndex..<at] + "@" + domain
    }

    /// Splits at commas outside quotes, brackets and comments.
    static func splitTopLevel(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var inQuote = false, escaped = false
        var depth = 0, angle = 0
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where inQuote: escaped = true
            case "\"" where depth == 0: inQuote.toggle()
            case "(" where !inQuote: depth += 1
            case ")" where !inQuote && depth > 0: depth -= 1
            case "<" where !inQuote && depth == 0: angle += 1
            case ">" where !inQuote && depth == 0 && angle > 0: angle -= 1
            case ",", ";":
                guard !inQuote, depth == 0, angle == 0 else { break }
                if character == ";" { current.append(";") }
                items.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        items.append(current)
        return items.filter { !$0.trimming(.whitespacesAndNewlines).isEmpty }
    }

    static func topLevelIndex(of target: Character, in text: String) -> String.Index? {
        var inQuote = false, escaped = false, depth = 0
        for index in text.indices {
            let character = text[index]
            if escaped { escaped = false; continue }
            switch character {
            case "\\" where inQuote: escaped = true
            case "\"" where depth == 0: inQuote.toggle()
            case "(" where !inQuote: depth += 1
            case ")" where !inQuote && depth > 0: depth -= 1
            default:
                if character == target, !inQuote, depth == 0 { return index }
            }
        }
        return nil
    }

    static func removingComments(_ text: String) -> String { separatingComments(text).outside }

    static func commentText(_ text: String) -> String {
        EncodedWords.decode(separatingComments(text).comments.trimming(.whitespaces)).text
    }

    /// RFC 5322 comments are parenthesised and may nest; quoted strings hide parentheses.
    /// Returns the text outside the comments and the text of the comments themselves.
    static func separatingComments(_ text: String) -> (outside: String, comments: String) {
        var outside = "", comments = ""
        var depth = 0, inQuote = false
        for character in text {
            if character == "\"" && depth == 0 { inQuote.toggle() }
            if !inQuote {
                if character == "(" {
                    depth += 1
                    if depth == 1 { continue }
                } else if character == ")" && depth > 0 {
                    depth -= 1
                    if depth == 0 { comments.append(" "); continue }
                }
            }
            if depth == 0 { outside.append(character) } else { comments.append(character) }
        }
        return (outside, comments)
    }

    private static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inQuote = false
        for character in text {
            if character == "\"" { inQuote.toggle() }
            if (character == " " || character == "\t" || character == "\r" || character == "\n") && !inQuote {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
