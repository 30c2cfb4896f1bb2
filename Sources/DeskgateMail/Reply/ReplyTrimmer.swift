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
        var normalised = body.normalisingLineBreaks
        guard normalised.unicodeScalars.contains(where: { !TrimSet.whitespacesAndNewlines.contains($0) }) else {
            return Result(reply: "", signature: nil)
        }
        return normalised.withUTF8 { trim(ReplyBody(bytes: $0), removeSignatures: removeSignatures) }
    }

    private static func trim(_ body: ReplyBody, removeSignatures: Bool) -> Result {
        let read = ReplyLineReader(body: body, stopsAtDelimiter: removeSignatures).read(splitSharedLines(body.lines, in: body))
        var lines = read.lines
        var pattern = read.pattern
        // A line a mail client broke out of a quote block ("> see (http://…" / "_x=1)" / ">")
        // is still part of the quote.
        for index in pattern.indices.dropFirst() where pattern[index] == .text
            && (pattern[index - 1] == .quote || (pattern[index - 1] == .empty && body.text(lines[index - 1]).trimming(.whitespaces).hasPrefix(">"))) {
            let closesQuote = index + 1 < pattern.count && pattern[index + 1] == .quote
            if closesQuote || body.text(lines[index]).trimming(.whitespaces).hasSuffix(">") { pattern[index] = .quote }
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
           !["--", "-- "].contains(body.text(lines[firstContent]).trimming(.whitespaces)) {
            var bodyStart = firstContent + 1
            while bodyStart < pattern.count, pattern[bodyStart] == .mailHeader || pattern[bodyStart] == .empty
                || (pattern[bodyStart] == .text && bodyStart > 0 && pattern[bodyStart - 1] == .mailHeader) { bodyStart += 1 }
            keep(bodyStart..<lines.count)
        }
        // Everything after the first delimiter is signature or history.
        if let delimiter = pattern.firstIndex(of: .delimiter),
           case let delimiterText = body.text(lines[delimiter]),
           removeSignatures || !["--", "-- "].contains(delimiterText.trimming(blanks)) {
            let isSignatureSeparator = ["--", "-- "].contains(delimiterText.trimming(blanks)) || delimiterText == "-- "
            if isSignatureSeparator {
                signature = Array(lines[(delimiter + 1)...].lazy.map(body.text).prefix { ReplyLine.classify($0) != .quoteHeader && !$0.hasPrefix(">") })
            }
            keep(0..<delimiter)
        }
        // Mobile signatures go wherever they are.
        while removeSignatures, let index = pattern.firstIndex(of: .mobileSignature) {
            if signature.isEmpty { signature = [body.text(lines[index])] }
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
        let reply = body.joined(lines).trimming(.whitespacesAndNewlines)
        let signatureText = signature.joined(separator: "\n").trimming(.whitespacesAndNewlines)
        return Result(reply: reply, signature: signatureText.isEmpty ? nil : signatureText)
    }

    /// "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" — the client put the
    /// quote header on the same line as the reply; split it off.
    static func splitSharedLines(_ lines: [BodyLine], in body: ReplyBody) -> [BodyLine] {
        var output: [BodyLine] = []
        output.reserveCapacity(lines.count)
        for line in lines {
            let mayShare = body.withBytes(line) { bytes in
                bytes.count > 20 && bytes.index(ofByte: UInt8(ascii: ":"), from: 0) != nil && (endsWithColon(bytes) ?? endsWithColon(body.text(line)))
                    && !opensWithQuote(bytes) && sharedHeaderVerbs.occurs(in: bytes) && !QuoteHeaderOpening.line.matches(bytes)
            }
            guard mayShare, case let text = body.text(line), let range = text.rangeOfMatch(sharedHeader),
                  range.lowerBound > text.startIndex else { output.append(line); continue }
            let before = text[..<range.lowerBound].trimming(sharedLineEdges)
            guard !before.isEmpty, !before.hasPrefix(">") else { output.append(line); continue }
            output.append(BodyLine(own: before))
            output.append(BodyLine(own: text[range.lowerBound...].trimming(sharedLineEdges)))
        }
        return output
    }

    static let sharedLineEdges: TrimSet = " \t-"

    /// Whether the line, spaces, tabs and dashes aside, opens with ">": the text before a
    /// shared header would be quoted, and a quoted line is not split.
    static func opensWithQuote(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.first { $0 != 0x20 && $0 != 0x09 && $0 != UInt8(ascii: "-") } == UInt8(ascii: ">")
    }
    static let blanks: TrimSet = " \t"

    /// `sharedHeader` ends in a colon and white space. Read on the bytes while the end is
    /// ASCII; nil when white space outside ASCII may end the line.
    static func endsWithColon(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let last = bytes.lastIndex { !UTF8Spaces.isASCIISpace($0) }.map { bytes[$0] } ?? 0
        return last < 0x80 ? last == UInt8(ascii: ":") : nil
    }

    static func endsWithColon(_ line: String) -> Bool {
        line.unicodeScalars.last { !$0.properties.isWhitespace } == ":"
    }

    static let sharedHeaderVerbs = KeywordSet(["wrote", "schrieb", "écrit", "escribió", "scritto", "schreef", "escreveu"])

    static let sharedHeader = #"(?:-{2,}\s*|\s)(?:On|Am|Le|El|Il|Op|Em)\s.{5,200}\s(?:wrote|schrieb|a\s+écrit|escribió|ha\s+scritto|schreef|escreveu)\s*:\s*$"#
}
