/// Reads a reply body line by line for `ReplyTrimmer`: joins quote headers a client wrapped
/// over several lines back into one, and says what each resulting line is (`ReplyLine`),
/// in one pass.
///
/// Everything after the first delimiter is dropped by the trimmer's rules, so when that
/// delimiter follows some content the reader stops there; after a signature separator
/// ("-- ") it goes on joining, for the signature, but classifies no more (those lines are
/// marked `.text` and never looked at).
struct ReplyLineReader {
    let body: ReplyBody
    /// Whether the trimmer cuts at a signature separator ("--") as at any delimiter.
    let stopsAtDelimiter: Bool
    private let answers = ExpressionAnswers()

    init(body: ReplyBody, stopsAtDelimiter: Bool) {
        self.body = body
        self.stopsAtDelimiter = stopsAtDelimiter
    }

    func read(_ lines: [BodyLine]) -> (lines: [BodyLine], pattern: [ReplyLine]) {
        // Each line's quote-header words, found up front: a memo filled while the lines are
        // read would be a captured variable checked for exclusive access at every look.
        let words = lines.map { body.withBytes($0, ReplyLine.headerWords) }
        func wordsOf(_ index: Int) -> KeywordSet.Found { words[index] }
        var output: [BodyLine] = []
        var pattern: [ReplyLine] = []
        output.reserveCapacity(lines.count)
        pattern.reserveCapacity(lines.count)
        // Fences are counted apart for joining (over the lines as written) and classifying
        // (over the joined lines), as the two steps always did.
        var joiningInFence = false, classifyingInFence = false
        var classifying = true, sawContent = false, sawDelimiter = false
        var index = 0
        /// What a line is; fences are counted here for classifying. `ascii` is the line's
        /// ASCII form when the caller made it already.
        func kind(_ bytes: UnsafeBufferPointer<UInt8>, ascii: ASCIILine?, words: KeywordSet.Found, text: () -> String) -> ReplyLine {
            if ReplyLine.isFence(bytes) {
                classifyingInFence.toggle()
                return .text
            }
            if classifyingInFence { return .text }
            return ascii?.kind(of: text, words: words, answers: answers) ?? ReplyLine.classify(bytes, words: words, answers: answers, text: text)
        }
        while index < lines.count {
            let line = lines[index]
            let lineWords = wordsOf(index)
            // A line is read once, its bytes and ASCII form serving both the join and the
            // kind; only a joined line is read again, as the text it became.
            let reading = body.withBytes(line) { bytes -> (joined: (text: String, words: KeywordSet.Found, end: Int)?, kind: ReplyLine?) in
                if ReplyLine.isFence(bytes) { joiningInFence.toggle() }
                let ascii = ASCIILine(utf8: bytes)
                // A quoted line is never joined: asked first, it spares the expressions below.
                if !joiningInFence, !ReplyLine.isQuote(ascii?.trimmed ?? ReplyLine.trimmedBlanks(bytes)),
                   ascii?.startsQuoteHeader({ body.text(line) }, words: lineWords)
                    ?? ReplyLine.startsQuoteHeader(bytes, words: lineWords, text: { body.text(line) }),
                   let joined = joinedHeader(at: index, in: lines, words: wordsOf) {
                    return (joined, nil)
                }
                return (nil, classifying ? kind(bytes, ascii: ascii, words: lineWords) { body.text(line) } : nil)
            }
            var current = (line: line, words: lineWords)
            var lineKind = reading.kind
            index += 1
            if let joined = reading.joined {
                current = (BodyLine(own: joined.text), joined.words)
                index = joined.end + 1
                if classifying {
                    lineKind = body.withBytes(current.line) { kind($0, ascii: nil, words: current.words) { body.text(current.line) } }
                }
            }
            output.append(current.line)
            guard let kind = lineKind else {
                // Past a signature separator: kept for the signature, never classified.
                pattern.append(.text)
                continue
            }
            pattern.append(kind)
            if kind == .delimiter, !sawDelimiter {
                sawDelimiter = true
                // The trimmer cuts here unless this is the first content (a forwarded
                // message) or a "--" it keeps.
                let text = body.text(current.line)
                let isDashes = ["--", "-- "].contains(text.trimming(ReplyTrimmer.blanks))
                if sawContent, stopsAtDelimiter || !isDashes {
                    guard isDashes || text == "-- " else { return (output, pattern) }
                    classifying = false
                }
            }
            if kind != .empty { sawContent = true }
        }
        return (output, pattern)
    }

    /// "On Thu, Jun 20, 2013 at 4:18 PM, Someone <\nsomeone@example.com> wrote:" is one
    /// header spread over lines by the client's wrapping: the line at `index` joined with
    /// the following ones, when the joined text is a quote header; with the joined text's
    /// words (those of its parts) and its last line.
    private func joinedHeader(at index: Int, in lines: [BodyLine],
                              words: (Int) -> KeywordSet.Found) -> (text: String, words: KeywordSet.Found, end: Int)? {
        let text = body.text(lines[index])
        guard !ReplyLine.isQuoteHeader(text, words: words(index), answers: answers) else { return nil }
        var joined = text.trimming(.whitespaces)
        var joinedWords = words(index)
        var end = index + 1
        while end < lines.count, end <= index + 6 {
            let next = body.text(lines[end]).trimmedBlanks
            // A header on a line of its own is the next header, not this one's tail.
            if QuoteHeaderOpening.line.matches(next), ReplyLine.isQuoteHeader(next, words: words(end), answers: answers) { return nil }
            if next.isEmpty {
                // Wrapping leaves a blank line only before an address part ("<", "mailto:").
                let following = lines[(end + 1)...].lazy.map(body.text).first { !$0.trimming(.whitespaces).isEmpty }
                guard let following, following.containsByte(UInt8(ascii: "@")) || following.trimming(.whitespaces).hasPrefix("<") else {
                    return nil
                }
            } else {
                joined += " " + next
                joinedWords.formUnion(words(end))
                // The joined header ends where its last line ends, so that line decides whether to look.
                if ReplyLine.mayBeQuoteHeader(next, words: words(end)), ReplyLine.isQuoteHeader(joined, words: joinedWords, answers: answers) {
                    return (joined, joinedWords, end)
                }
            }
            end += 1
        }
        return nil
    }
}
