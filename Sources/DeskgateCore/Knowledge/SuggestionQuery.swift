/// What a mail is about, as the knowledge base should be searched for it: its meaningful
/// words (greetings, sign-offs, stop words gone), each widened by its synonyms.
public struct SuggestionQuery: Sendable, Equatable {
    public struct Concept: Sendable, Equatable {
        /// The word or phrase as the mail has it (lower-cased).
        public var text: String
        /// Ways an article may say it; each is a list of words that must all be there.
        public var alternatives: [[String]]
        /// Subjects name the problem more often than the bodies around them.
        public var inSubject: Bool
        /// The words as the mail has them, before synonyms widened them.
        public var said: [String]
        /// How often the mail names it: what a mail keeps coming back to is what it is about.
        public var mentions = 1
    }

    public var concepts: [Concept]
    /// Per search configuration, how many of the mail's words are typical of that language
    /// ("the", "und", "merci"): with the words the articles share, this tells which
    /// language the mail is in.
    public var languageMarkers: [String: Int] = [:]
    public var isEmpty: Bool { concepts.isEmpty }

    /// Every distinct word the alternatives use, for looking them up once.
    public var words: [String] {
        var seen = Set<String>()
        return concepts.flatMap { $0.alternatives.flatMap { $0 } }.filter { seen.insert($0).inserted }
    }
}

/// Builds a `SuggestionQuery` from a mail's subject and new text (its `reply_text`).
public struct SuggestionQueryBuilder: Sendable {
    public var synonyms: SynonymList
    /// Long mails ramble; the words that matter come first.
    public var maximumConcepts: Int

    public init(synonyms: SynonymList = .serviceDeskDefaults, maximumConcepts: Int = 16) {
        self.synonyms = synonyms
        self.maximumConcepts = maximumConcepts
    }

    public func build(subject: String, text: String) -> SuggestionQuery {
        var concepts: [SuggestionQuery.Concept] = []
        var index: [String: Int] = [:]
        for (source, inSubject) in [(Self.stripTags(subject), true), (Self.substance(of: text), false)] {
            forEachConcept(in: source) { text, make in
                if let existing = index[text] {
                    concepts[existing].inSubject = concepts[existing].inSubject || inSubject
                    concepts[existing].mentions += 1
                } else if concepts.count < maximumConcepts {
                    index[text] = concepts.count
                    concepts.append(make(inSubject))
                }
            }
        }
        var markers: [String: Int] = [:]
        for word in Self.words(in: subject + "\n" + text, limit: 400) {
            for configuration in Self.configurationsMarked[word.text] ?? [] {
                markers[configuration, default: 0] += 1
            }
        }
        return SuggestionQuery(concepts: concepts, languageMarkers: markers)
    }

    /// Each concept of the text in order: its name, and how to make it (only asked for
    /// concepts not seen before, while there is room for them).
    private func forEachConcept(in text: String, _ body: (String, (Bool) -> SuggestionQuery.Concept) -> Void) {
        let words = Self.words(in: text)
        var position = 0
        while position < words.count {
            // Synonym phrases first, longest first, so "remote access" is one concept.
            var matched = false
            // Only a word that opens a phrase of the list needs the longer looks.
            let longest = synonyms.opensPhrase(words[position].text) ? min(synonyms.longestMember, words.count - position) : 1
            for length in stride(from: longest, through: 1, by: -1) {
                let phrase = length == 1 ? words[position].text : words[position..<position + length].map(\.text).joined(separator: " ")
                guard let group = synonyms.group(of: phrase) else { continue }
                let said = words[position..<position + length].map(\.text)
                body(synonyms.name(of: group)) { inSubject in
                    .init(text: synonyms.name(of: group), alternatives: synonyms.groups[group], inSubject: inSubject, said: said)
                }
                position += length
                matched = true
                break
            }
            if matched { continue }
            let word = words[position].text
            position += 1
            guard Self.isMeaningful(word) else { continue }
            body(word) { inSubject in .init(text: word, alternatives: [[word]], inSubject: inSubject, said: [word]) }
        }
    }

    static func isMeaningful(_ word: String) -> Bool {
        guard word.count > 1, !StopWords.all.contains(word) else { return false }
        if word.allSatisfy(\.isNumber) {
            // Error codes and model numbers matter; dates and times do not.
            guard word.count >= 3, !(word.count == 4 && (word.hasPrefix("19") || word.hasPrefix("20"))) else { return false }
        }
        return true
    }

    struct Word { var text: String }

    /// Lower-cased words: letters and digits, joined across inner `-`, `'`, `.` and `_`
    /// (`wi-fi`, `o365`, `don't`, `v2.1`); at most `limit` of them.
    static func words(in text: some StringProtocol, limit: Int = .max) -> [Word] {
        var words: [Word] = []
        var current = WordBuffer()
        var pendingJoiner: Unicode.Scalar?
        WordScanner.forEachLowercased(text) { scalar in
            if WordScanner.isWordScalar(scalar) || (!current.isEmpty && pendingJoiner == nil && WordScanner.isMark(scalar)) {
                if let joiner = pendingJoiner, !current.isEmpty { current.append(joiner) }
                pendingJoiner = nil
                current.append(scalar)
            } else if !current.isEmpty, pendingJoiner == nil, scalar == "-" || scalar == "'" || scalar == "’" || scalar == "." || scalar == "_" {
                pendingJoiner = scalar == "’" ? "'" : scalar
            } else {
                if !current.isEmpty {
                    words.append(Word(text: current.take()))
                    if words.count == limit { return false }
                }
                pendingJoiner = nil
            }
            return true
        }
        if !current.isEmpty, words.count < limit { words.append(Word(text: current.take())) }
        return words
    }

    /// A subject without our tag and reply prefixes.
    static func stripTags(_ subject: String) -> String {
        var text = subject
        while let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") {
            text.removeSubrange(open...close)
        }
        return text
    }

    /// The search configurations each marker word is typical of.
    static let configurationsMarked: [String: [String]] = LanguageGuess.languagesMarked.mapValues {
        $0.map(SearchLanguage.configuration(for:))
    }

    static let greetings: Set<String> = ["hi", "hello", "hey", "dear", "hallo", "liebe", "lieber", "guten", "moin", "servus", "grüezi",
                                         "bonjour", "salut", "bonsoir", "hola", "buenos", "buenas", "estimado", "estimada", "estimados",
                                         "good", "morning", "greetings", "sehr", "madame", "monsieur"]
    static let signOffs = ["thanks", "thank you", "thx", "regards", "best", "cheers", "kind regards", "many thanks", "br", "sincerely",
                           "yours", "danke", "vielen dank", "viele grüße", "viele grüsse", "mit freundlichen", "mit besten", "beste grüße",
                           "mfg", "lg", "vg", "gruß", "grüße", "gruss", "merci", "cordialement", "bien à vous", "bonne journée",
                           "gracias", "muchas gracias", "saludos", "un saludo", "atentamente"]

    /// The body without its greeting line and everything from the sign-off on. What stays
    /// is one stretch of the text's lines, so it is cut out of the text, not rebuilt.
    static func substance(of text: String) -> String {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }[...]
        while let first = lines.first, first.trimmed.isEmpty { lines.removeFirst() }
        if let first = lines.first {
            let words = Self.words(in: first, limit: 7)
            if words.count <= 6, let lead = words.first, greetings.contains(lead.text) { lines.removeFirst() }
        }
        if let signOff = lines.indices.dropFirst().first(where: { isSignOff(lines[$0]) }) {
            lines = lines[..<signOff]
        }
        guard let first = lines.first, let last = lines.last else { return "" }
        return String(text[first.startIndex..<last.endIndex])
    }

    static func isSignOff(_ line: some StringProtocol) -> Bool {
        let words = Self.words(in: line, limit: 7).map(\.text)
        guard !words.isEmpty, words.count <= 6 else { return false }
        let joined = words.joined(separator: " ")
        guard signOffs.contains(where: { joined == $0 || joined.hasPrefix($0 + " ") }) else { return false }
        // "Thanks, the printer…" is a sentence; a sign-off stands alone.
        let trimmed = line.trimmed
        return words.count <= 3 || trimmed.hasSuffix(",") || trimmed.hasSuffix("!") || trimmed.hasSuffix(".")
    }
}
