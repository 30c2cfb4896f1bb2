import Foundation

/// A regular expression written as its alternatives, each run only on text that holds one of
/// the words it cannot match without. One pass over the text finds which words are there;
/// most lines of a mail hold none, and ICU's backtracking over a long alternation, the
/// parser's largest cost before, is not paid for them. The alternatives must each be
/// anchored (`^…`) so that, apart, they match exactly what their alternation matched.
struct GuardedAlternatives: Sendable {
    let words: KeywordSet
    private let alternatives: [(needs: KeywordSet.Found, shape: LineShape.Test, pattern: CachedPattern)]

    /// `shape`, when given, is a cheap test every text the pattern matches passes
    /// (how it opens or ends), asked before the pattern runs.
    init(_ alternatives: [(words: [String], shape: LineShape.Test?, pattern: String)]) {
        let words = KeywordSet(Array(Set(alternatives.flatMap(\.words))).sorted())
        self.words = words
        precondition(alternatives.count <= 64, "at most 64 alternatives")
        self.alternatives = alternatives.map { (words.bits($0.words), $0.shape ?? { _ in true }, CachedPattern($0.pattern)) }
    }

    /// - Parameters:
    ///   - found: `words.found(in: text)`, when the caller has it already.
    ///   - answers: earlier answers for texts that needed an expression, kept by the caller.
    func matches(_ text: String, found: KeywordSet.Found, answers: ExpressionAnswers? = nil) -> Bool {
        guard !found.isEmpty else { return false }
        let shape = LineShape(text)
        var candidates: UInt64 = 0
        for (index, alternative) in alternatives.enumerated() where !alternative.needs.isDisjoint(with: found) && alternative.shape(shape) {
            candidates |= 1 << UInt64(index)
        }
        guard candidates != 0 else { return false }
        if let known = answers?[text] { return known }
        let answer = alternatives.indices.contains { candidates & (1 << UInt64($0)) != 0 && alternatives[$0].pattern.matches(text) }
        answers?[text] = answer
        return answer
    }
}

/// How a line opens and ends, white space aside: enough to rule out most alternatives of
/// a pattern without running them.
struct LineShape {
    typealias Test = @Sendable (LineShape) -> Bool

    let first: Unicode.Scalar?
    let last: Unicode.Scalar?
    private let text: String
    /// ASCII text is read on its bytes below: a character is a byte, white space is 9–13
    /// and 32, and case is one bit.
    private let isASCII: Bool

    init(_ text: String) {
        self.text = text
        isASCII = text.utf8.withContiguousStorageIfAvailable(Charset.isASCII) ?? false
        // Read on the bytes while they are ASCII (white space there is 9–13 and 32); a
        // character outside ASCII may be white space of its own, which the scalars settle.
        let ends: (first: Unicode.Scalar?, last: Unicode.Scalar?)? = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard let start = bytes.firstIndex(where: { !UTF8Spaces.isASCIISpace($0) }) else { return (nil, nil) }
            let end = bytes.lastIndex { !UTF8Spaces.isASCIISpace($0) }!
            guard bytes[start] < 0x80, bytes[end] < 0x80 else { return nil }
            return (Unicode.Scalar(bytes[start]), Unicode.Scalar(bytes[end]))
        } ?? nil
        if let ends {
            (first, last) = ends
        } else {
            let scalars = text.unicodeScalars
            first = scalars.first { !$0.properties.isWhitespace }
            last = scalars.last { !$0.properties.isWhitespace }
        }
    }

    /// Ends in a colon, ASCII or full-width.
    var endsWithColon: Bool { last == ":" || last == "：" }

    var startsWithDigit: Bool {
        guard let first else { return false }
        return first.isASCII ? first.value >= 0x30 && first.value <= 0x39 : first.properties.numericType == .decimal
    }

    /// Calls `body` with the bytes of ASCII text; nil for other text, which the scalars settle.
    private func asciiBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard isASCII else { return nil }
        return text.utf8.withContiguousStorageIfAvailable(body)
    }

    /// Where the ASCII text ends before a final colon, white space aside.
    private static func endBeforeFinalColon(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = bytes.count
        while end > 0, UTF8Spaces.isASCIISpace(bytes[end - 1]) { end -= 1 }
        if end > 0, bytes[end - 1] == UInt8(ascii: ":") {
            end -= 1
            while end > 0, UTF8Spaces.isASCIISpace(bytes[end - 1]) { end -= 1 }
        }
        return end
    }

    /// Whether the ASCII bytes hold `word` (lower-cased) at `start`, compared without case.
    private static func holds(_ word: String, in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let word = word.utf8
        guard start >= 0, bytes.count - start >= word.count else { return false }
        return zip(bytes[start...], word).allSatisfy { KeywordSet.lowered($0) == $1 }
    }

    /// Ends with one of the words (compared without case), perhaps followed by a colon,
    /// white space aside.
    func ends(withOneOf words: [String]) -> Bool {
        if let ends = asciiBytes({ bytes in
            let end = Self.endBeforeFinalColon(bytes)
            return words.contains { Self.holds($0, in: UnsafeBufferPointer(rebasing: bytes[..<end]), at: end - $0.utf8.count) }
        }) { return ends }
        let tail = beforeFinalColon
        return words.contains { tail.reversed().starts(with: $0.unicodeScalars.reversed(), by: Self.sameIgnoringCase) }
    }

    /// The character before a final colon (ASCII), white space aside; else the last one.
    var lastBeforeFinalColon: Unicode.Scalar? {
        if let last = asciiBytes({ bytes in
            let end = Self.endBeforeFinalColon(bytes)
            return end > 0 ? Unicode.Scalar(bytes[end - 1]) : nil
        }) { return last }
        return beforeFinalColon.last
    }

    private var beforeFinalColon: Substring.UnicodeScalarView {
        var scalars = Substring(text).unicodeScalars
        func dropTrailingSpace() { while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() } }
        dropTrailingSpace()
        if scalars.last == ":" { scalars.removeLast(); dropTrailingSpace() }
        return scalars
    }

    /// Opens with `count` decimal digits and then one of `separators`, white space aside.
    func opens(withDigits count: Int, then separators: String) -> Bool {
        if let opens = asciiBytes({ bytes in
            var index = 0
            while index < bytes.count, UTF8Spaces.isASCIISpace(bytes[index]) { index += 1 }
            for _ in 0..<count {
                guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else { return false }
                index += 1
            }
            return index < bytes.count && separators.utf8.contains(bytes[index])
        }) { return opens }
        var scalars = text.unicodeScalars.drop { $0.properties.isWhitespace }
        for _ in 0..<count {
            guard let digit = scalars.first, digit.properties.numericType == .decimal else { return false }
            scalars = scalars.dropFirst()
        }
        return scalars.first.map { separators.unicodeScalars.contains($0) } ?? false
    }

    /// Holds a clock time, a digit, a colon and two digits, as `\d{1,2}:\d{2}` needs. A
    /// character outside ASCII next to a colon may be a digit of another script: it counts.
    var hasClockTime: Bool {
        var text = text
        return text.withUTF8 { bytes in
            func mayBeDigit(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || byte >= 0x80 }
            var index = 1
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: ":"), mayBeDigit(bytes[index - 1]), mayBeDigit(bytes[index + 1]), mayBeDigit(bytes[index + 2]) {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// Opens with the word (compared without case), white space aside.
    func opens(with word: String) -> Bool {
        if let opens = asciiBytes({ bytes in
            Self.holds(word, in: bytes, at: bytes.firstIndex { !UTF8Spaces.isASCIISpace($0) } ?? bytes.count)
        }) { return opens }
        return text.unicodeScalars.drop { $0.properties.isWhitespace }.starts(with: word.unicodeScalars, by: Self.sameIgnoringCase)
    }

    /// A scalar of the text against one of a lower-cased word.
    private static func sameIgnoringCase(_ candidate: Unicode.Scalar, _ expected: Unicode.Scalar) -> Bool {
        candidate == expected || candidate.properties.lowercaseMapping == String(expected)
    }
}

/// A case-insensitive regular expression, compiled once.
struct CachedPattern: Sendable {
    let regex: NSRegularExpression

    init(_ pattern: String) {
        regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
