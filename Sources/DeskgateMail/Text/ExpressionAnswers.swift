/// The answers a `GuardedAlternatives` gave within one message, for the texts that needed a
/// regular expression. Quoted history repeats its headers ("> On … wrote:" once per level
/// of quoting, and again when a split header is joined), and an expression costs more than
/// all the other questions about a line together; a text already asked is looked up.
/// One per message: it lives as long as one `ReplyTrimmer.trim`.
final class ExpressionAnswers {
    private var answers: [String: Bool] = [:]

    subscript(text: String) -> Bool? {
        get { answers[text] }
        set { answers[text] = newValue }
    }
}
