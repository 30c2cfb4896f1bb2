/// The rules `ReplyTrimmer` applies to a message's shape (one `ReplyLine` letter per line),
/// written out by hand: as regular expressions they backtracked badly on long messages.
/// Each comment gives the rule as the regular expression it implements.
struct MessageShape {
    var letters: [ReplyLine]

    /// `[eqbh]` and `[hte]`.
    static let historyBlock: ReplyLine.Kinds = [.empty, .quote, .quoteHeader, .mailHeader]
    static let headerBlock: ReplyLine.Kinds = [.mailHeader, .text, .empty]

    private func all(_ range: Range<Int>, in set: ReplyLine.Kinds) -> Bool {
        range.allSatisfy { set.contains(letters[$0]) }
    }

    /// `^(b[^t]+)*b[bqeh]+t[et]*$`: history first, the reply at the bottom. Returns where the reply starts.
    func replyBelowHistory() -> Int? {
        guard letters.first == .quoteHeader, let firstText = letters.firstIndex(of: .text), firstText >= 2,
              all(firstText..<letters.count, in: [.text, .empty]) else { return nil }
        return firstText
    }

    /// `te*b[^q]*$`: text, then a quote header with no quote after it. Returns the text line.
    func textThenUnquotedHeader() -> Int? {
        for index in letters.indices where letters[index] == .text {
            var next = index + 1
            while next < letters.count, letters[next] == .empty { next += 1 }
            if next < letters.count, letters[next] == .quoteHeader, !letters[next...].contains(.quote) { return index }
        }
        return nil
    }

    /// `te*b[eqbh]*q[eqbh]*[te]*t[e]*$`: text, a quote header with its quote, then more text
    /// to the end. Returns the range of the header-and-quote block.
    func historyBetweenTexts() -> Range<Int>? {
        for index in letters.indices where letters[index] == .text {
            var header = index + 1
            while header < letters.count, letters[header] == .empty { header += 1 }
            guard header < letters.count, letters[header] == .quoteHeader else { continue }
            var blockEnd = header + 1
            while blockEnd < letters.count, Self.historyBlock.contains(letters[blockEnd]) { blockEnd += 1 }
            guard letters[(header + 1)..<blockEnd].contains(.quote), blockEnd < letters.count,
                  all(blockEnd..<letters.count, in: [.text, .empty]) else { continue }
            return header..<blockEnd
        }
        return nil
    }

    /// `te*[qbe]+$`: text followed by history to the end. Returns the last text line.
    func textThenHistoryToEnd() -> Int? {
        guard let lastText = letters.lastIndex(of: .text), lastText + 1 < letters.count,
              all((lastText + 1)..<letters.count, in: [.quote, .quoteHeader, .empty]),
              letters[(lastText + 1)...].contains(where: { $0 != .empty }) else { return nil }
        return lastText
    }

    /// `h+[hte]+h+e`: a header block whose values wrapped onto lines of their own.
    func wrappedHeaderBlock() -> ClosedRange<Int>? {
        for start in letters.indices where letters[start] == .mailHeader {
            var runEnd = start
            while runEnd < letters.count, Self.headerBlock.contains(letters[runEnd]) { runEnd += 1 }
            var position = runEnd - 2
            while position >= start + 2 {
                if letters[position] == .mailHeader, letters[position + 1] == .empty { return start...(position + 1) }
                position -= 1
            }
        }
        return nil
    }

    /// `t[eq]*h{2,}`: text, then a block of embedded headers. Returns the text line.
    func textThenHeaderBlock() -> Int? {
        for index in letters.indices where letters[index] == .text {
            var next = index + 1
            while next < letters.count, letters[next] == .empty || letters[next] == .quote { next += 1 }
            if next + 1 < letters.count, letters[next] == .mailHeader, letters[next + 1] == .mailHeader { return index }
        }
        return nil
    }

    /// `h{2,}`: the first run of two or more header lines.
    func headerRun() -> Range<Int>? {
        var index = 0
        while index < letters.count {
            guard letters[index] == .mailHeader else { index += 1; continue }
            var end = index
            while end < letters.count, letters[end] == .mailHeader { end += 1 }
            if end - index >= 2 { return index..<end }
            index = end
        }
        return nil
    }

    /// `[eq]+$`: blank and quoted lines at the end. Returns where they start.
    func trailingQuotes() -> Int? {
        var start = letters.count
        while start > 0, letters[start - 1] == .empty || letters[start - 1] == .quote { start -= 1 }
        return start < letters.count ? start : nil
    }
}
