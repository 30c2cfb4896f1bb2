import Foundation

/// A fixed set of words searched for in one pass over a line's UTF-8 bytes, ASCII letters
/// compared without case. The reply and bounce rules ask "does this line contain any of
/// these words?" for every line of every message; with one pass instead of one per word,
/// and no String or Unicode work, that question costs little enough to ask before the
/// regular expressions that give the real answer.
struct KeywordSet: Sendable {
    /// Which words of the set occur in a text: bit `i` stands for the `i`-th word given.
    struct Found: OptionSet, Sendable {
        let rawValue: UInt64
    }

    private struct Word: Sendable {
        let bytes: [UInt8]
        let bit: UInt64
    }

    /// The words by their first (lowered) byte.
    private let byFirstByte: [[Word]]
    /// Whether any word starts with the (lowered) byte: most bytes of a text start none, and
    /// this look-up is all they cost.
    private let opens: [Bool]
    /// Whether any word starts with the two (lowered) bytes, a bit per pair (a word of one
    /// byte starts every pair it opens): letters open many words but few of their pairs.
    private let openingPairs: [UInt64]
    /// The length of the shortest word of two bytes or more: the window the skipping scan
    /// slides over a text.
    private let window: Int
    /// How far the window may move on when its last two bytes are a given pair (by
    /// `pairSlot`): a pair no word holds in its first `window` bytes lets it jump past.
    private let shifts: [UInt8]
    /// The one-byte words (lowered) with their bits; they are looked for on their own.
    private let singleBytes: [(byte: UInt8, bit: UInt64)]
    let words: [String]

    /// Words outside ASCII are also looked for capitalised and in capitals ("Пишет",
    /// "ÉCRIT"): case folding is done here, once, rather than on every line.
    init(_ words: [String]) {
        precondition(words.count <= 64, "a keyword set holds at most 64 words")
        var table = [[Word]](repeating: [], count: 256)
        for (index, word) in words.enumerated() {
            precondition(!word.isEmpty, "a keyword cannot be empty")
            let variants = Set([word.lowercased(), word.uppercased(), word.prefix(1).uppercased() + word.dropFirst().lowercased()]
                .map { $0.utf8.map(Self.lowered) })
            for bytes in variants.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                table[Int(bytes[0])].append(Word(bytes: bytes, bit: 1 << UInt64(index)))
            }
        }
        byFirstByte = table
        opens = table.map { !$0.isEmpty }
        var pairs = [UInt64](repeating: 0, count: 65536 / 64)
        for word in table.joined() {
            for second in word.bytes.count > 1 ? [word.bytes[1]] : Array(0...255) {
                let pair = Int(word.bytes[0]) << 8 | Int(second)
                pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        openingPairs = pairs
        let long = table.joined().filter { $0.bytes.count > 1 }
        window = long.map(\.bytes.count).min() ?? 0
        var shifts = [UInt8](repeating: 0, count: Self.pairSlots)
        if window >= Self.shortestSkippingWindow {
            shifts = [UInt8](repeating: UInt8(window - 1), count: Self.pairSlots)
            for word in long {
                for offset in 0..<(window - 1) {
                    let slot = Self.pairSlot(word.bytes[offset], word.bytes[offset + 1])
                    shifts[slot] = min(shifts[slot], UInt8(window - 2 - offset))
                }
            }
        }
        self.shifts = shifts
        singleBytes = table.joined().filter { $0.bytes.count == 1 }.flatMap { word in
            Set([word.bytes[0], word.bytes[0] >= 0x61 && word.bytes[0] <= 0x7A ? word.bytes[0] - 0x20 : word.bytes[0]]).sorted().map { ($0, word.bit) }
        }
        self.words = words
    }

    /// Below three bytes the window cannot jump far enough to pay for itself.
    private static let shortestSkippingWindow = 3
    private static let pairSlots = 4096

    /// A pair of (lowered) bytes as a slot of `shifts`. Pairs may share a slot: a slot holds
    /// the smallest shift of its pairs, so sharing only makes the scan look more often.
    @inline(__always) private static func pairSlot(_ first: UInt8, _ second: UInt8) -> Int {
        (Int(lowered(first)) << 6 ^ Int(lowered(second))) & (pairSlots - 1)
    }

    /// The bits of the given words, for comparing with `found(in:)`.
    func bits(_ some: [String]) -> Found {
        Found(rawValue: some.reduce(0) { bits, word in
            guard let index = words.firstIndex(of: word) else { preconditionFailure("\(word) is not in the set") }
            return bits | 1 << UInt64(index)
        })
    }

    func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { occurs(in: $0) }
    }

    func occurs(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var found: UInt64 = 0
        guard window >= Self.shortestSkippingWindow else { return scan(bytes, found: &found, stopAtFirst: true) != nil }
        return skippingScan(bytes, found: &found, stopAtFirst: true) != nil || containsSingleByte(bytes, missing: ~0) != 0
    }

    func found(in text: String) -> Found {
        var text = text
        return text.withUTF8(found)
    }

    func found(in bytes: UnsafeBufferPointer<UInt8>) -> Found {
        var found: UInt64 = 0
        if window >= Self.shortestSkippingWindow {
            _ = skippingScan(bytes, found: &found, stopAtFirst: false)
            found |= containsSingleByte(bytes, missing: ~found)
        } else {
            _ = scan(bytes, found: &found, stopAtFirst: false)
        }
        return Found(rawValue: found)
    }

    /// Where the first occurrence of any of the words from `start` on ends: the index just after it.
    func endOfFirstWord(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var found: UInt64 = 0
        guard window >= Self.shortestSkippingWindow, singleBytes.isEmpty else {
            return scan(bytes, from: start, found: &found, stopAtFirst: true)
        }
        return skippingScan(bytes, from: start, found: &found, stopAtFirst: true)
    }

    /// The bits of the one-byte words among `missing` that occur in the bytes.
    private func containsSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, missing: UInt64) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        var found: UInt64 = 0
        for single in singleBytes where missing & single.bit != 0 && found & single.bit == 0 {
            if memchr(base, Int32(single.byte), bytes.count) != nil { found |= single.bit }
        }
        return found
    }

    /// `scan` for the words of two bytes or more, in the manner of Wu and Manber: a window as
    /// long as the shortest word slides over the text, and the pair of bytes at its end says
    /// how far it may jump, so most of a line's bytes are never looked at. Windows are tried
    /// in the order `scan` tries positions, so the first word found is the same.
    private func skippingScan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, found: inout UInt64, stopAtFirst: Bool) -> Int? {
        shifts.withUnsafeBufferPointer { shifts in
            let count = bytes.count
            var firstEnd: Int?
            var end = start + window - 2
            while end + 1 < count {
                let shift = Int(shifts[Self.pairSlot(bytes[end], bytes[end + 1])])
                if shift > 0 {
                    end += shift
                    continue
                }
                let index = end - (window - 2)
                for word in byFirstByte[Int(Self.lowered(bytes[index]))] where word.bytes.count > 1
                    && word.bytes.count <= count - index && found & word.bit == 0 {
                    var matched = 1
                    while matched < word.bytes.count, Self.lowered(bytes[index + matched]) == word.bytes[matched] { matched += 1 }
                    if matched == word.bytes.count {
                        found |= word.bit
                        if firstEnd == nil { firstEnd = index + matched }
                        if stopAtFirst { return firstEnd }
                    }
                }
                end += 1
            }
            return firstEnd
        }
    }

    /// Reads the bytes from `start` on, adding each word it finds to `found` (a word already
    /// there is not looked for again); with `stopAtFirst` it stops at the first. Returns
    /// where the first word found ends.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, found: inout UInt64, stopAtFirst: Bool) -> Int? {
        opens.withUnsafeBufferPointer { opens in openingPairs.withUnsafeBufferPointer { pairs in
            let count = bytes.count
            var firstEnd: Int?
            var index = start
            while index < count {
                let first = Int(Self.lowered(bytes[index]))
                index += 1
                guard opens[first] else { continue }
                let pair = first << 8 | (index < count ? Int(Self.lowered(bytes[index])) : 0)
                guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                for word in byFirstByte[first] where word.bytes.count <= count - index + 1 && found & word.bit == 0 {
                    var matched = 1
                    while matched < word.bytes.count, Self.lowered(bytes[index - 1 + matched]) == word.bytes[matched] { matched += 1 }
                    if matched == word.bytes.count {
                        found |= word.bit
                        if firstEnd == nil { firstEnd = index - 1 + matched }
                        if stopAtFirst { return firstEnd }
                    }
                }
            }
            return firstEnd
        } }
    }

    /// Whether the text starts with one of the words, after blanks and any of `skipping`.
    /// With `wholeWord`, a word that ends in a letter must not run on into another letter;
    /// with `blankAfter`, white space must follow the word (any character outside ASCII
    /// counts, as it may be a space of its own).
    func startsText(_ text: String, skipping: [UInt8] = [], wholeWord: Bool = false, blankAfter: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { startsText($0, skipping: skipping, wholeWord: wholeWord, blankAfter: blankAfter) }
    }

    func startsText(_ bytes: UnsafeBufferPointer<UInt8>, skipping: [UInt8] = [], wholeWord: Bool = false, blankAfter: Bool = false) -> Bool {
        var start = 0
        while start < bytes.count {
            let byte = bytes[start]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || skipping.contains(byte) {
                start += 1
            } else if byte == 0xC2, start + 1 < bytes.count, bytes[start + 1] == 0xA0 {
                start += 2 // no-break space
            } else {
                break
            }
        }
        guard start < bytes.count else { return false }
        for word in byFirstByte[Int(Self.lowered(bytes[start]))] where word.bytes.count <= bytes.count - start {
            let word = word.bytes
            var matched = 1
            while matched < word.count, Self.lowered(bytes[start + matched]) == word[matched] { matched += 1 }
            guard matched == word.count else { continue }
            let after = start + word.count
            if blankAfter {
                guard after < bytes.count, UTF8Spaces.isASCIISpace(bytes[after]) || bytes[after] >= 0x80 else { continue }
            }
            if !wholeWord || after == bytes.count || !Self.isLetter(word[word.count - 1]) || !Self.isLetter(bytes[after]) { return true }
        }
        return false
    }

    /// ASCII letters, and any byte of a character outside ASCII (which may well be a letter).
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool {
        let lower = lowered(byte)
        return (lower >= 0x61 && lower <= 0x7A) || byte >= 0x80
    }

    @inline(__always) static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte
    }
}
