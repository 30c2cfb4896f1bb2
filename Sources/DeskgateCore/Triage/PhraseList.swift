import Foundation

/// Phrases looked for as whole words in lower-cased text ("down" finds "the server is down",
/// not "download"). Triage runs on every inbound mail, so matching is one pass over the
/// text's UTF-8 bytes, trying at each word start only the phrases that begin with its byte.
public struct PhraseList: Sendable, Equatable {
    public let phrases: [String]
    private let encoded: [[UInt8]]
    /// Phrase indexes grouped by first byte: those starting with byte `b` are
    /// `order[firstOf[b]..<firstOf[b + 1]]`.
    private let order: [Int]
    private let firstOf: [Int]

    public init(_ phrases: [String]) {
        let cleaned = phrases.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let encoded = cleaned.map { Array($0.utf8) }
        let order = encoded.indices.sorted { (encoded[$0][0], $0) < (encoded[$1][0], $1) }
        var firstOf = [Int](repeating: 0, count: 257)
        for index in encoded.indices { firstOf[Int(encoded[index][0]) + 1] += 1 }
        for byte in 1...256 { firstOf[byte] += firstOf[byte - 1] }
        self.phrases = cleaned
        self.encoded = encoded
        self.order = order
        self.firstOf = firstOf
    }

    public static func == (lhs: PhraseList, rhs: PhraseList) -> Bool { lhs.phrases == rhs.phrases }

    /// The phrases that occur in `text`, which must already be lower-cased, in list order.
    public func matches(inLowercased text: String) -> [String] {
        guard !encoded.isEmpty else { return [] }
        var text = text
        var found = [Bool](repeating: false, count: encoded.count)
        text.withUTF8 { bytes in firstOf.withUnsafeBufferPointer { firstOf in
            for start in bytes.indices {
                let first = Int(bytes[start])
                // Most bytes start no phrase: two table reads, no slice made.
                let (low, high) = (firstOf[first], firstOf[first + 1])
                guard low < high, Self.isBoundary(bytes, before: start) else { continue }
                for index in order[low..<high] where !found[index] {
                    let phrase = encoded[index]
                    let end = start + phrase.count
                    guard end <= bytes.count, Self.isBoundary(bytes, at: end) else { continue }
                    var offset = 1
                    while offset < phrase.count, bytes[start + offset] == phrase[offset] { offset += 1 }
                    if offset == phrase.count { found[index] = true }
                }
            }
        } }
        return found.indices.filter { found[$0] }.map { phrases[$0] }
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
