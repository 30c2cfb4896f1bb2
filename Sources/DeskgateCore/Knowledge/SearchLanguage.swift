/// The PostgreSQL text-search configuration for an article's language: stemming and stop
/// words of that language, `simple` (words as written) for languages PostgreSQL has none for.
public enum SearchLanguage {
    static let configurations: [String: String] = [
        "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian", "pt": "portuguese",
        "nl": "dutch", "da": "danish", "sv": "swedish", "no": "norwegian", "nb": "norwegian", "nn": "norwegian",
        "fi": "finnish", "hu": "hungarian", "ro": "romanian", "ru": "russian", "tr": "turkish",
    ]

    /// `en`, `de-CH`, `fr_FR` → `english`, `german`, `french`; anything else → `simple`.
    public static func configuration(for language: String) -> String {
        let primary = String(language.lowercased().prefix { $0.isLetter })
        return configurations[primary] ?? "simple"
    }

    /// The language code to store: the primary subtag, lower-cased.
    public static func code(_ language: String) -> String {
        let primary = String(language.lowercased().prefix { $0.isLetter })
        return primary.isEmpty ? "en" : primary
    }
}
