/// The answers to "is this text a quote header?" given within one message. Quoted history
/// repeats its headers ("> On … wrote:" once per level of quoting, and again when a split
/// header is joined), and every answer that needs a regular expression costs more than
/// all the other questions about the line together; a text already asked is looked up.
/// One per message: it lives as long as one `ReplyTrimmer.trim`.
final class QuoteHeaderAnswers {
    private var answers: [String: Bool] = [:]

    func isQuoteHeader(_ text: String, words: KeywordSet.Found) -> Bool {
        // Without a quote-header word no expression runs: nothing worth keeping.
        guard !words.isEmpty else { return false }
        if let known = answers[text] { return known }
        let answer = ReplyLine.quoteHeaderLines.matches(text, found: words)
        answers[text] = answer
        return answer
    }
}
