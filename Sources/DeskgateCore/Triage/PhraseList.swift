import Foundation

/// Phrases looked for as whole words in lower-cased text ("down" finds "the server is down",
/// not "download"). Matching works on UTF-8 bytes: triage runs on every inbound mail.
public struct PhraseList: Sendable, Equatable {
    public let phrases: [String]
    private let encoded: [[UInt8]]

    public init(_ phrases: [String]) {
        let cleaned = phrases.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.phrases = cleaned
        self.encoded = cleaned.map { Array($0.utf8) }
    }

    public static func == (lhs: PhraseList, rhs: PhraseList) -> Bool { lhs.phrases == rhs.phrases }

    /// The phrases that occur in `text`, which must already be lower-cased.
    public func matches(inLowercased text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            for (index, phrase) in encoded.enumerated() where Self.contains(bytes, phrase) {
                found.append(phrases[index])
            }
            return found
        }
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ phrase: [UInt8]) -> Bool {
        guard let first = phrase.first, phrase.count <= text.count else { return false }
        var start = 0
        let last = text.count - phrase.count
        while start <= last {
            if text[start] == first, isBoundary(text, before: start), isBoundary(text, at: start + phrase.count) {
                var offset = 1
                while offset < phrase.count, text[start + offset] == phrase[offset] { offset += 1 }
                if offset == phrase.count { return true }
            }
            start += 1
        }
        return false
    }

    /// Only ASCII letters and digits join words; any other byte (space, punctuation, the
    /// bytes of non-Latin scripts) separates them, so CJK phrases match inside text too.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a)
    }

    private static func isBoundary(_ text: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        index == 0 || !isWordByte(text[index - 1])
    }

    private static func isBoundary(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index >= text.count || !isWordByte(text[index])
    }
}
