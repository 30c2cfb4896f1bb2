import Foundation

/// Header values as RFC 5322 and RFC 2047 want them on the wire: ASCII only, non-ASCII text
/// as UTF-8 encoded words, display names quoted when they hold specials, lines folded
/// before 78 characters.
enum HeaderEncoding {
    /// Unstructured text (Subject): ASCII words as they are, runs of non-ASCII words as
    /// encoded words of at most 75 characters each.
    static func unstructured(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var parts: [String] = []
        var pending: [String] = []
        func flush() {
            guard !pending.isEmpty else { return }
            // Adjacent encoded words are joined without their separating space on decoding,
            // so the spaces go inside the encoded text.
            parts.append(contentsOf: encodedWords(pending.joined(separator: " ")))
            pending = []
        }
        for word in words {
            if word.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) && !EncodedWords.marker.occurs(in: word) {
                flush()
                parts.append(word)
            } else {
                pending.append(word)
            }
        }
        flush()
        return parts.joined(separator: " ")
    }

    /// A display name and address: `"Müller, Jörg" <j@x>` becomes an encoded word; an ASCII
    /// name with specials is quoted.
    static func mailbox(_ mailbox: MailboxAddress) -> String {
        let address = asciiAddress(mailbox.address)
        let name = mailbox.name.trimming(.whitespaces)
        guard !name.isEmpty else { return address }
        if !name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) {
            return encodedWords(name).joined(separator: " ") + " <\(address)>"
        }
        if name.unicodeScalars.contains(where: specials.contains) {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return "\(name) <\(address)>"
    }

    private static let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")

    /// Internationalised domains go out in their ASCII (punycode) form.
    static func asciiAddress(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        let domain = String(address[address.index(after: at)...])
        guard !domain.utf8.allSatisfy({ $0 < 0x80 }) else { return address }
        return String(address[...at]) + IDN.toASCII(domain)
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, never splitting a character.
    static func encodedWords(_ text: String) -> [String] {
        // 75 - "=?UTF-8?B?".count - "?=".count = 63 base64 characters = 45 bytes (multiple of 3 → 60 chars).
        let maximumBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maximumBytes, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// `Name: value`, folded at spaces so no line passes 78 characters where it can be helped.
    static func field(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        let opening = "\(name):"
        var line = opening
        // Lengths in bytes: the values are ASCII by now (non-ASCII text is in encoded words).
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            if line.utf8.count + 1 + word.utf8.count > 78, line.utf8.contains(where: { $0 != 0x20 }) && line != opening {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }
}
