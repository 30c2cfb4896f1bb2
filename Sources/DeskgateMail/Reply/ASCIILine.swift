/// A line of pure ASCII, classified on its bytes. Most lines of most mails are ASCII; for
/// them a character is a byte, white space is the ASCII blanks and a digit is 0–9, so the
/// questions `ReplyLine` asks of every line (how it opens and ends, whether it holds a
/// keyword or a colon) are answered without making Strings, decoding scalars or breaking
/// graphemes. The regular expressions still give the final answer, on the same few lines
/// as before. Lines with any other character go the general way.
struct ASCIILine {
    /// The whole line.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The line without spaces, tabs and CRs at either end (`trimmedBlanks`).
    let trimmed: UnsafeBufferPointer<UInt8>

    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard Charset.isASCII(bytes) else { return nil }
        self.bytes = bytes
        trimmed = ReplyLine.trimmedBlanks(bytes)
    }

    /// `ReplyLine.classify`, rule for rule; `line` makes the same text a String, for the
    /// regular expressions.
    func kind(of line: () -> String, words: KeywordSet.Found, answers: ExpressionAnswers?) -> ReplyLine {
        guard let first = trimmed.first else { return .empty }
        // An empty quoted line carries nothing; it counts as blank.
        if trimmed.allSatisfy({ $0 == UInt8(ascii: ">") || $0 == 0x20 }) { return .empty }
        if ReplyLine.isQuote(trimmed) {
            // A quote header inside a quote ("> On … wrote:") is history introducing history.
            let unquoted = UnsafeBufferPointer(rebasing: trimmed.drop { $0 == UInt8(ascii: ">") || $0 == 0x20 })
            if unquoted.count > 10, Self.mayBeQuoteHeader(unquoted, words: words), QuoteHeaderOpening.line.matches(unquoted),
               ReplyLine.isQuoteHeader(String(decoding: unquoted, as: UTF8.self), words: words, answers: answers) { return .quoteHeader }
            return .quote
        }
        if Self.ruleOpenings[Int(first)] {
            // "*-------- Original Message --------*": Markdown emphasis around a separator.
            let bare = UnsafeBufferPointer(rebasing: trimmed.drop { $0 == UInt8(ascii: "*") || $0 == 0x20 })
            let end = bare.lastIndex { $0 != UInt8(ascii: "*") && $0 != 0x20 }.map { $0 + 1 } ?? bare.startIndex
            let core = UnsafeBufferPointer(rebasing: bare[..<end])
            if !core.isEmpty, DelimiterLine.matches(core) { return .delimiter }
            if core.isEmpty, trimmed.count >= 2 { return .delimiter }
        }
        if Self.mayBeQuoteHeader(trimmed, words: words), ReplyLine.isQuoteHeader(line(), words: words, answers: answers) { return .quoteHeader }
        if trimmed.count < 160, mayBeMobileSignature, ReplyLine.mobileSignaturePattern.matches(line()) { return .mobileSignature }
        if ReplyLine.isASCIIMailHeader(bytes) { return .mailHeader }
        return .text
    }

    /// `ReplyLine.startsQuoteHeader`, rule for rule.
    func startsQuoteHeader(_ line: () -> String, words: KeywordSet.Found) -> Bool {
        guard !trimmed.isEmpty else { return false }
        if QuoteHeaderOpening.wrapped.matches(bytes) { return true }
        if !words.isDisjoint(with: ReplyLine.quoteHeaderVerbs), ReplyLine.quoteHeaderStartVerb.matches(line()) { return true }
        return trimmed.contains(UInt8(ascii: "<")) && ReplyLine.endsInAddress(bytes)
    }

    /// `ReplyLine.mayBeQuoteHeader`: ends in a colon, ">" or "-", opens with a digit, or
    /// holds a "wrote" word.
    static func mayBeQuoteHeader(_ text: UnsafeBufferPointer<UInt8>, words: KeywordSet.Found) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if last == UInt8(ascii: ":") || last == UInt8(ascii: ">") || last == UInt8(ascii: "-") { return true }
        if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") { return true }
        return !words.isDisjoint(with: ReplyLine.wroteWords)
    }

    /// `ReplyLine.mayBeMobileSignature`, and of the lines opening with "from" only those
    /// going on with "my": a report's Received lines ("from mx.example.com [192.0.2.1]")
    /// are no signature. (The one expression for a "from" that is not the first word wants
    /// "mobile" at the end.)
    private var mayBeMobileSignature: Bool {
        if ReplyLine.mobileSignatureCJKOpenings.startsText(trimmed) || ReplyLine.endsInMobile(trimmed) == true { return true }
        guard ReplyLine.mobileSignatureOpenings.startsText(trimmed, skipping: ReplyLine.openingBrackets, blankAfter: true) else {
            return false
        }
        return Self.fromWithoutMy.startsText(trimmed, skipping: ReplyLine.openingBrackets, blankAfter: true) == false
            || opensWithFromMy
    }

    private static let fromWithoutMy = KeywordSet(["from"])

    /// `^\s*from\s+my\s`, as far as the mobile signature expression needs it.
    private var opensWithFromMy: Bool {
        var index = 0
        while index < trimmed.count, !Self.isLetter(trimmed[index]) { index += 1 }
        guard trimmed.count - index >= 4, trimmed[index...].prefix(4).map(KeywordSet.lowered) == Array("from".utf8) else { return false }
        index += 4
        let spaces = index
        while index < trimmed.count, UTF8Spaces.isASCIISpace(trimmed[index]) { index += 1 }
        guard index > spaces, trimmed.count - index >= 3 else { return false }
        return KeywordSet.lowered(trimmed[index]) == UInt8(ascii: "m") && KeywordSet.lowered(trimmed[index + 1]) == UInt8(ascii: "y")
            && UTF8Spaces.isASCIISpace(trimmed[index + 2])
    }

    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// The first characters of `ReplyLine.classify`'s delimiter test ("ᐧ" is not ASCII).
    private static let ruleOpenings: [Bool] = (0..<128).map { "-_=*~#+^".utf8.contains(UInt8($0)) }
}
