import Foundation

/// A regular expression written as its alternatives, each run only on text that holds one of
/// the words it cannot match without. One pass over the text finds which words are there;
/// most lines of a mail hold none, and ICU's backtracking over a long alternation, the
/// parser's largest cost before, is not paid for them. The alternatives must each be
/// anchored (`^…`) so that, apart, they match exactly what their alternation matched.
struct GuardedAlternatives: Sendable {
    private let words: KeywordSet
    private let alternatives: [(needs: KeywordSet.Found, pattern: CachedPattern)]

    init(_ alternatives: [(words: [String], pattern: String)]) {
        let words = KeywordSet(Array(Set(alternatives.flatMap(\.words))).sorted())
        self.words = words
        self.alternatives = alternatives.map { (words.bits($0.words), CachedPattern($0.pattern)) }
    }

    func matches(_ text: String) -> Bool {
        let found = words.found(in: text)
        guard !found.isEmpty else { return false }
        return alternatives.contains { !$0.needs.isDisjoint(with: found) && $0.pattern.matches(text) }
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
