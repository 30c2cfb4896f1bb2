/// Which of our template languages to answer in: the language the requester's mail
/// declares (`Content-Language`), else the one its words are written in, else the desk's.
public enum LanguageGuess {
    static let markers: [String: Set<String>] = [
        "en": ["the", "and", "is", "not", "please", "i", "my", "it", "with", "have", "thanks", "hello", "can", "you"],
        "de": ["und", "der", "die", "das", "nicht", "ich", "ist", "bitte", "mein", "meine", "mit", "habe", "danke", "hallo", "geht", "kann"],
        "fr": ["le", "la", "les", "et", "est", "pas", "je", "mon", "ma", "avec", "merci", "bonjour", "ne", "une"],
        "es": ["el", "la", "los", "y", "es", "no", "yo", "mi", "con", "gracias", "hola", "por", "favor", "una"],
    ]

    /// The languages each marker word is typical of.
    static let languagesMarked: [String: [String]] = markers.reduce(into: [:]) { table, entry in
        for word in entry.value { table[word, default: []].append(entry.key) }
    }

    /// `languagesMarked` by packed word (every marker is a short ASCII word).
    static let languagesByPackedMarker: [UInt64: [String]] = languagesMarked.reduce(into: [:]) { table, entry in
        guard let key = WordBuffer.packed(Array(entry.key.utf8)) else { preconditionFailure("\(entry.key) cannot be packed") }
        table[key] = entry.value
    }

    public static func pick(declared: String?, text: String, available: Set<String>, fallback: String) -> String {
        if let declared {
            let primary = String(declared.lowercased().prefix { $0.isLetter })
            if available.contains(primary) { return primary }
        }
        var counts: [String: Int] = [:]
        for word in WordScanner.packedLetterRuns(in: text, limit: 400) {
            for language in languagesByPackedMarker[word] ?? [] where available.contains(language) {
                counts[language, default: 0] += 1
            }
        }
        guard let (best, score) = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), score >= 2
        else { return fallback }
        return best
    }
}
