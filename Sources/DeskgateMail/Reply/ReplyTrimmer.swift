import Foundation

/// Finds what the author of a reply newly wrote: quoted history, forwarded mail, header
/// blocks of embedded mail and signatures removed. Each line is classified (`ReplyLine`),
/// the message becomes a row of line kinds (written as one letter each in the rules'
/// comments), and the rules below cut that row — in the spirit of Discourse's
/// email_reply_trimmer, whose corpus tests it.
public enum ReplyTrimmer {
    public struct Result: Sendable, Equatable {
        public var reply: String
        public var signature: String?
    }

    /// - Parameter removeSignatures: false keeps signatures in the reply (quote stripping only).
    public static func trim(_ body: String, removeSignatures: Bool = true) -> Result {
        let normalised = body.normalisingLineBreaks
        guard normalised.unicodeScalars.contains(where: { !TrimSet.whitespacesAndNewlines.contains($0) }) else {
            return Result(reply: "", signature: nil)
        }
        let split = splitSharedLines(normalised.linesSplitAtLF)
        let answers = ExpressionAnswers()
        let joined = joinSplitQuoteHeaders(split, words: split.map(ReplyLine.headerWords), answers: answers)
        var lines = joined.lines
        var pattern = classify(lines, words: joined.words, answers: answers)
        // A line a mail client broke out of a quote block ("> see (http://…" / "_x=1)" / ">")
        // is still part of the quote.
        for index in pattern.indices.dropFirst() where pattern[index] == .text
            && (pattern[index - 1] == .quote || (pattern[index - 1] == .empty && lines[index - 1].trimming(.whitespaces).hasPrefix(">"))) {
            let closesQuote = index + 1 < pattern.count && pattern[index + 1] == .quote
            if closesQuote || lines[index].trimming(.whitespaces).hasSuffix(">") { pattern[index] = .quote }
        }
        var signature: [String] = []

        func keep(_ range: Range<Int>) {
            lines = Array(lines[range])
            pattern = Array(pattern[range])
        }
        func remove(at index: Int) {
            lines.remove(at: index)
            pattern.remove(at: index)
        }
        var shape: MessageShape { MessageShape(letters: pattern) }

        // A message that starts with a forwarding delimiter has no comment of its own: what
        // matters is the forwarded text, below its header block.
        if let firstContent = pattern.firstIndex(where: { $0 != .empty }), pattern[firstContent] == .delimiter,
           !["--", "-- "].contains(lines[firstContent].trimming(.whitespaces)) {
            var bodyStart = firstContent + 1
            while bodyStart < pattern.count, pattern[bodyStart] == .mailHeader || pattern[bodyStart] == .empty
                || (pattern[bodyStart] == .text && bodyStart > 0 && pattern[bodyStart - 1] == .mailHeader) { bodyStart += 1 }
            keep(bodyStart..<lines.count)
        }
        // Everything after the first delimiter is signature or history.
        if let delimiter = pattern.firstIndex(of: .delimiter),
           removeSignatures || !["--", "-- "].contains(lines[delimiter].trimming(blanks)) {
            let isSignatureSeparator = ["--", "-- "].contains(lines[delimiter].trimming(blanks))
                || lines[delimiter] == "-- "
            if isSignatureSeparator {
                let tail = lines[(delimiter + 1)...].prefix { ReplyLine.classify($0) != .quoteHeader && !$0.hasPrefix(">") }
                signature = Array(tail)
            }
            keep(0..<delimiter)
        }
        // Mobile signatures go wherever they are.
        while removeSignatures, let index = pattern.firstIndex(of: .mobileSignature) {
            if signature.isEmpty { signature = [lines[index]] }
            remove(at: index)
        }
        // The reply is at the bottom, below the quoted history (bottom-posting after a header).
        if let replyStart = shape.replyBelowHistory() {
            keep(replyStart..<lines.count)
        }
        // A quote header not followed by quoted lines: keep what precedes it.
        if let text = shape.textThenUnquotedHeader() {
            keep(0..<(text + 1))
        }
        // A quote header followed by a long quote and a little text (inline remarks are rare
        // below a header): keep what precedes the header.
        // A quote header and its quote, with the author's text before and after (an inline
        // or bottom remark such as "Regards, Roman"): the history goes, both texts stay.
        if let block = shape.historyBetweenTexts() {
            lines.removeSubrange(block)
            pattern.removeSubrange(block)
        }
        // Text followed by quoted history to the end: drop the history.
        if let text = shape.textThenHistoryToEnd() {
            keep(0..<(text + 1))
        }
        while let index = pattern.firstIndex(of: .quoteHeader) { remove(at: index) }
        // Header blocks of embedded mail, possibly spread over lines with wrapped values.
        if let block = shape.wrappedHeaderBlock() {
            for index in block { pattern[index] = .mailHeader }
        }
        if let text = shape.textThenHeaderBlock() {
            keep(0..<(text + 1))
        }
        // Header blocks of two or more lines go; a lone "Date: …" line is the author's text.
        while let run = shape.headerRun() {
            lines.removeSubrange(run)
            pattern.removeSubrange(run)
        }
        // Trailing quotes after some text.
        if pattern.contains(.text), let start = shape.trailingQuotes() {
            keep(0..<start)
        }

        // Blank lines and bare ">" lines alone are no reply.
        if !pattern.contains(where: { $0 == .text || $0 == .quote }) { keep(0..<0) }
        let reply = lines.joined(separator: "\n").trimming(.whitespacesAndNewlines)
        let signatureText = signature.joined(separator: "\n").trimming(.whitespacesAndNewlines)
        return Result(reply: reply, signature: signatureText.isEmpty ? nil : signatureText)
    }

    /// "On Thu, Jun 20, 2013 at 4:18 PM, Someone <\nsomeone@example.com> wrote:" is one header
    /// spread over lines by the client's wrapping; it is joined back so it can be recognised.
    /// A join is kept only when the joined text is a quote header.
    /// - Parameter words: each line's `ReplyLine.headerWords`; returned for the lines
    /// returned (a joined line holds the words of its parts).
    static func joinSplitQuoteHeaders(_ lines: [String], words: [KeywordSet.Found],
                                      answers: ExpressionAnswers) -> (lines: [String], words: [KeywordSet.Found]) {
        var output: [String] = []
        var outputWords: [KeywordSet.Found] = []
        output.reserveCapacity(lines.count)
        outputWords.reserveCapacity(lines.count)
        var index = 0
        var inFence = false
        while index < lines.count {
            let line = lines[index]
            if ReplyLine.isFence(line) { inFence.toggle() }
            // A quoted line is never joined: asked first, it spares the expressions below.
            if !inFence, !ReplyLine.isQuote(line.trimmedBlanks), ReplyLine.startsQuoteHeader(line, words: words[index]),
               !ReplyLine.isQuoteHeader(line, words: words[index], answers: answers) {
                var joined = line.trimming(.whitespaces)
                var joinedWords = words[index]
                var end = index + 1
                var found = false
                while end < lines.count, end <= index + 6 {
                    let next = lines[end].trimmedBlanks
                    // A header on a line of its own is the next header, not this one's tail.
                    if QuoteHeaderOpening.line.matches(next), ReplyLine.isQuoteHeader(next, words: words[end], answers: answers) { break }
                    if next.isEmpty {
                        // Wrapping leaves a blank line only before an address part ("<", "mailto:").
                        let following = lines[(end + 1)...].first { !$0.trimming(.whitespaces).isEmpty }
                        guard let following, following.containsByte(UInt8(ascii: "@")) || following.trimming(.whitespaces).hasPrefix("<") else { break }
                    }
                    if !next.isEmpty {
                        joined += " " + next
                        joinedWords.formUnion(words[end])
                    }
                    // The joined header ends where its last line ends, so that line decides whether to look.
                    if !next.isEmpty, ReplyLine.mayBeQuoteHeader(next, words: words[end]), ReplyLine.isQuoteHeader(joined, words: joinedWords, answers: answers) {
                        found = true
                        break
                    }
                    end += 1
                }
                if found {
                    output.append(joined)
                    outputWords.append(joinedWords)
                    index = end + 1
                    continue
                }
            }
            output.append(line)
            outputWords.append(words[index])
            index += 1
        }
        return (output, outputWords)
    }

    /// "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" — the client put the
    /// quote header on the same line as the reply; split it off.
    static func splitSharedLines(_ lines: [String]) -> [String] {
        var output: [String] = []
        output.reserveCapacity(lines.count)
        for line in lines {
            guard line.utf8.count > 20, line.containsByte(UInt8(ascii: ":")), endsWithColon(line), !opensWithQuote(line),
                  sharedHeaderVerbs.occurs(in: line),
                  !QuoteHeaderOpening.line.matches(line),
                  let range = line.rangeOfMatch(sharedHeader),
                  range.lowerBound > line.startIndex else { output.append(line); continue }
            let before = line[..<range.lowerBound].trimming(sharedLineEdges)
            guard !before.isEmpty, !before.hasPrefix(">") else { output.append(line); continue }
            output.append(before)
            output.append(line[range.lowerBound...].trimming(sharedLineEdges))
        }
        return output
    }

    static let sharedLineEdges: TrimSet = " \t-"

    /// Whether the line, spaces, tabs and dashes aside, opens with ">": the text before a
    /// shared header would be quoted, and a quoted line is not split.
    static func opensWithQuote(_ line: String) -> Bool {
        line.utf8.first { $0 != 0x20 && $0 != 0x09 && $0 != UInt8(ascii: "-") } == UInt8(ascii: ">")
    }
    static let blanks: TrimSet = " \t"

    /// `sharedHeader` ends in a colon and white space.
    static func endsWithColon(_ line: String) -> Bool {
        // On the bytes while the end is ASCII; white space outside ASCII goes the long way.
        let last: UInt8? = line.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.lastIndex { !UTF8Spaces.isASCIISpace($0) }.map { bytes[$0] } ?? 0
        } ?? nil
        if let last, last < 0x80 { return last == UInt8(ascii: ":") }
        return line.unicodeScalars.last { !$0.properties.isWhitespace } == ":"
    }

    static let sharedHeaderVerbs = KeywordSet(["wrote", "schrieb", "écrit", "escribió", "scritto", "schreef", "escreveu"])

    static let sharedHeader = #"(?:-{2,}\s*|\s)(?:On|Am|Le|El|Il|Op|Em)\s.{5,200}\s(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|escreveu)\s*:\s*$"#

    /// Lines inside Markdown code fences are the author's text, whatever they look like.
    static func classify(_ lines: [String], words: [KeywordSet.Found], answers: ExpressionAnswers) -> [ReplyLine] {
        var inFence = false
        return zip(lines, words).map { line, words in
            if ReplyLine.isFence(line) {
                inFence.toggle()
                return ReplyLine.text
            }
            return inFence ? ReplyLine.text : ReplyLine.classify(line, words: words, answers: answers)
        }
    }
}
