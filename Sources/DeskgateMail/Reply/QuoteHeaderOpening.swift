/// How a quote header opens: "On …", "Am …", "Le …" and their siblings, or a date
/// ("2013-06-20 …", "20.6.2013 …", "20 juin 2013 …"), as the expression
/// `^\s*(?:on|am|…|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\.?\s+\p{L}+\.?\s+\d{4})\b`
/// (case-insensitive) would find it. Asked of many lines of every reply, so it is read on
/// the first few scalars instead of handing each line to ICU.
struct QuoteHeaderOpening: Sendable {
    /// The words, lower-cased; a space stands for one or more white-space characters.
    private let words: [[Unicode.Scalar]]
    /// The ASCII bytes a match can start with (after blanks): the words' first letters in
    /// both cases and the digits.
    private let openingBytes: [Bool]
    /// The first two bytes (lowered) of the words that start with two ASCII letters; a
    /// line opening with a letter must start one of them.
    private let openingPairs: Set<UInt16>
    /// First letters of words that go on with a space or a character outside ASCII: lines
    /// opening with them are always read in full.
    private let readInFull: [Bool]

    init(words: [String]) {
        self.words = words.map { Array($0.unicodeScalars) }
        var opening = [Bool](repeating: false, count: 128)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { opening[Int(byte)] = true }
        for word in words {
            guard let first = word.utf8.first, first < 0x80 else { continue }
            opening[Int(first)] = true
            opening[Int(first & ~0x20)] = true
        }
        openingBytes = opening
        var pairs: Set<UInt16> = []
        var full = [Bool](repeating: false, count: 128)
        for word in words {
            let bytes = Array(word.utf8)
            guard bytes[0] < 0x80 else { continue }
            if bytes.count >= 2, bytes[1] < 0x80, bytes[1] != 0x20 {
                pairs.insert(UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
            } else {
                full[Int(bytes[0])] = true
            }
        }
        openingPairs = pairs
        readInFull = full
    }

    /// The openings of a quote header on a line of its own.
    static let line = QuoteHeaderOpening(words: ["on", "am", "le", "el", "il", "op", "em", "dnia", "w dniu", "den", "vào"])
    /// The openings of a quote header that may go on over the next lines.
    static let wrapped = QuoteHeaderOpening(words: ["on", "am", "le", "el", "il", "op", "em", "dnia", "w dniu", "den", "d."])

    func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(matches)
    }

    func matches(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most lines are ruled out by their first characters, before any scalar is decoded.
        guard let firstIndex = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        let first = utf8[firstIndex]
        if first < 0x80, !openingBytes[Int(first)], !(0x0A...0x0D).contains(first) { return false }
        // A letter can only open one of the words (the dates open with digits).
        let lowerFirst = first | 0x20
        if lowerFirst >= 0x61, lowerFirst <= 0x7A, first < 0x80, !readInFull[Int(lowerFirst)] {
            let secondIndex = firstIndex + 1
            guard secondIndex < utf8.endIndex else { return false }
            let second = utf8[secondIndex]
            if second < 0x80 {
                let lowerSecond = second >= 0x41 && second <= 0x5A ? second | 0x20 : second
                guard openingPairs.contains(UInt16(lowerFirst) << 8 | UInt16(lowerSecond)) else { return false }
            }
        }
        // Every alternative is decided within the first few dozen scalars.
        return withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: 80) { buffer in
            var count = 0
            var bytes = utf8.makeIterator()
            var decoder = UTF8()
            decoding: while count < 80 {
                switch decoder.decode(&bytes) {
                case .scalarValue(let scalar):
                    buffer[count] = scalar
                    count += 1
                case .emptyInput: break decoding
                case .error: buffer[count] = "\u{FFFD}"; count += 1
                }
            }
            return matches(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    private func matches(_ scalars: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        var start = 0
        while start < scalars.count, UTF8Spaces.isSpace(scalars[start]) { start += 1 }
        guard start < scalars.count else { return false }
        for word in words {
            if let end = Self.match(word, in: scalars, at: start), Self.isBoundary(scalars, at: end) { return true }
        }
        if let end = Self.numericDate(scalars, at: start), Self.isBoundary(scalars, at: end) { return true }
        if let end = Self.dayMonthYear(scalars, at: start), Self.isBoundary(scalars, at: end) { return true }
        return false
    }

    private static func match(_ word: [Unicode.Scalar], in scalars: UnsafeBufferPointer<Unicode.Scalar>, at start: Int) -> Int? {
        var position = start
        for expected in word {
            if expected == " " {
                guard position < scalars.count, UTF8Spaces.isSpace(scalars[position]) else { return nil }
                while position < scalars.count, UTF8Spaces.isSpace(scalars[position]) { position += 1 }
                continue
            }
            guard position < scalars.count, lowered(scalars[position]) == expected else { return nil }
            position += 1
        }
        return position
    }

    /// `\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}`: where it ends.
    private static func numericDate(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, at start: Int) -> Int? {
        guard let first = digits(scalars, at: start, count: 1...4), isDateSeparator(scalars, at: first),
              let second = digits(scalars, at: first + 1, count: 1...2), isDateSeparator(scalars, at: second),
              let third = digits(scalars, at: second + 1, count: 1...4) else { return nil }
        return third
    }

    /// `\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}`: where it ends.
    private static func dayMonthYear(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, at start: Int) -> Int? {
        guard var position = digits(scalars, at: start, count: 1...2) else { return nil }
        if position < scalars.count, scalars[position] == "." { position += 1 }
        guard let afterSpace = whitespace(scalars, at: position) else { return nil }
        position = afterSpace
        let lettersStart = position
        while position < scalars.count, isLetter(scalars[position]) { position += 1 }
        guard position > lettersStart else { return nil }
        if position < scalars.count, scalars[position] == "." { position += 1 }
        guard let yearStart = whitespace(scalars, at: position) else { return nil }
        // Exactly four digits: a fifth would be a word character where the boundary must be.
        for offset in 0..<4 {
            guard yearStart + offset < scalars.count, isDigit(scalars[yearStart + offset]) else { return nil }
        }
        return yearStart + 4
    }

    /// A run of `count` digits that is not followed by another digit; where it ends.
    private static func digits(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, at start: Int, count: ClosedRange<Int>) -> Int? {
        var end = start
        while end < scalars.count, isDigit(scalars[end]) { end += 1 }
        return count.contains(end - start) ? end : nil
    }

    private static func whitespace(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, at start: Int) -> Int? {
        var end = start
        while end < scalars.count, UTF8Spaces.isSpace(scalars[end]) { end += 1 }
        return end > start ? end : nil
    }

    private static func isDateSeparator(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, at index: Int) -> Bool {
        index < scalars.count && (scalars[index] == "-" || scalars[index] == "/" || scalars[index] == ".")
    }

    /// `\b` after a match ending at `end`: word characters on one side only.
    private static func isBoundary(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, at end: Int) -> Bool {
        let before = end > 0 && isWordCharacter(scalars[end - 1])
        let after = end < scalars.count && isWordCharacter(scalars[end])
        return before != after
    }

    /// ICU's `\w`: letters, marks, decimal digits, connector punctuation, the joiners.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) || value == 0x5F
        }
        if scalar.value == 0x200C || scalar.value == 0x200D { return true }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType == .decimal { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation: return true
        default: return false
        }
    }

    /// `\d`: decimal digits of any script.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.numericType == .decimal
    }

    /// `\p{L}`.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    private static func lowered(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return (scalar.value >= 0x41 && scalar.value <= 0x5A) ? Unicode.Scalar(UInt8(scalar.value | 0x20)) : scalar }
        return scalar.properties.lowercaseMapping.unicodeScalars.count == 1 ? scalar.properties.lowercaseMapping.unicodeScalars.first! : scalar
    }
}
