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
    public let synonyms: SynonymList
    /// Long mails ramble; the words that matter come first.
    public var maximumConcepts: Int
    private let lexicon: [String: WordFacts]

    public init(synonyms: SynonymList = .serviceDeskDefaults, maximumConcepts: Int = 16) {
        self.synonyms = synonyms
        self.maximumConcepts = maximumConcepts
        lexicon = Self.lexicon(synonyms)
    }

    /// What the builder needs to know of a word, found with one look-up: a mail has
    /// hundreds of words, and most are in none of these lists.
    struct WordFacts {
        var isStopWord = false
        /// The synonym group the word alone belongs to.
        var group: Int?
        /// Some synonym of more than one word starts with it.
        var opensPhrase = false
        /// The search configurations it is typical of.
        var marks: [String] = []
    }

    private static func lexicon(_ synonyms: SynonymList) -> [String: WordFacts] {
        var lexicon: [String: WordFacts] = [:]
        for word in StopWords.all { lexicon[word, default: WordFacts()].isStopWord = true }
        for member in synonyms.groups.joined() {
            if member.count == 1 {
                lexicon[member[0], default: WordFacts()].group = synonyms.group(of: member[0])
            } else {
                lexicon[member[0], default: WordFacts()].opensPhrase = true
            }
        }
        for (word, configurations) in configurationsMarked { lexicon[word, default: WordFacts()].marks = configurations }
        return lexicon
    }

    public func build(subject: String, text: String) -> SuggestionQuery {
        var concepts: [SuggestionQuery.Concept] = []
        var index: [String: Int] = [:]
        // The text is read once: its substance (a stretch of its lines) gives the concepts,
        // all of it the language markers.
        let textWords = Self.words(in: text)
        var substance = textWords[...]
        if let bounds = Self.substanceBounds(of: text) {
            let start = text.utf8.distance(from: text.startIndex, to: bounds.lowerBound)
            let end = text.utf8.distance(from: text.startIndex, to: bounds.upperBound)
            substance = textWords[(textWords.firstIndex { $0.offset >= start } ?? textWords.endIndex)...]
            substance = substance[..<(substance.firstIndex { $0.offset >= end } ?? substance.endIndex)]
        } else {
            substance = []
        }
        for (words, inSubject) in [(Self.words(in: Self.stripTags(subject))[...], true), (substance, false)] {
            forEachConcept(in: words) { text, make in
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
        let subjectWords = Self.words(in: subject, limit: Self.markerWords)
        for word in subjectWords + textWords.prefix(Self.markerWords - subjectWords.count) {
            for configuration in lexicon[word.text]?.marks ?? [] {
                markers[configuration, default: 0] += 1
            }
        }
        return SuggestionQuery(concepts: concepts, languageMarkers: markers)
    }

    /// Enough words to tell a mail's language.
    static let markerWords = 400

    /// Each concept of the words in order: its name, and how to make it (only asked for
    /// concepts not seen before, while there is room for them).
    private func forEachConcept(in words: ArraySlice<Word>, _ body: (String, (Bool) -> SuggestionQuery.Concept) -> Void) {
        var position = words.startIndex
        while position < words.endIndex {
            let word = words[position].text
            let facts = lexicon[word]
            // Synonym phrases first, longest first, so "remote access" is one concept. Only
            // a word that opens a phrase of the list needs the longer looks.
            var length = facts?.opensPhrase == true ? min(synonyms.longestMember, words.endIndex - position) : 1
            var group: Int?
            while length > 1, group == nil {
                group = synonyms.group(of: words[position..<position + length].map(\.text).joined(separator: " "))
                if group == nil { length -= 1 }
            }
            if let group = group ?? facts?.group {
                let said = words[position..<position + length].map(\.text)
                body(synonyms.name(of: group)) { inSubject in
                    .init(text: synonyms.name(of: group), alternatives: synonyms.groups[group], inSubject: inSubject, said: said)
                }
                position += length
                continue
            }
            position += 1
            guard facts?.isStopWord != true, Self.isMeaningful(word) else { continue }
            body(word) { inSubject in .init(text: word, alternatives: [[word]], inSubject: inSubject, said: [word]) }
        }
    }

    /// Whether a word that is no stop word says something: not a single letter, nor a
    /// number too short or too much like a year to be an error code or a model.
    static func isMeaningful(_ word: String) -> Bool {
        let utf8 = word.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: as many characters as bytes.
            guard utf8.count > 1 else { return false }
            if utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return isCode(word, length: utf8.count) }
            return true
        }
        guard word.count > 1 else { return false }
        return word.allSatisfy(\.isNumber) ? isCode(word, length: word.count) : true
    }

    /// Error codes and model numbers matter; dates and times do not.
    private static func isCode(_ digits: String, length: Int) -> Bool {
        length >= 3 && !(length == 4 && (digits.hasPrefix("19") || digits.hasPrefix("20")))
    }

    struct Word {
        var text: String
        /// Where it starts in the text, in UTF-8 bytes.
        var offset = 0
    }

    /// Lower-cased words: letters and digits, joined across inner `-`, `'`, `.` and `_`
    /// (`wi-fi`, `o365`, `don't`, `v2.1`); at most `limit` of them.
    static func words(in text: some StringProtocol, limit: Int = .max) -> [Word] {
        WordScanner.withUTF8(text) { bytes in
            var words: [Word] = []
            var current = WordBuffer()
            var start = 0
            var pendingJoiner: Unicode.Scalar?
            var scalars = LowercasedScalars(bytes)
            while words.count < limit {
                guard let (scalar, offset) = scalars.next() else {
                    if !current.isEmpty { words.append(Word(text: current.take(), offset: start)) }
                    break
                }
                if WordScanner.isWordScalar(scalar) || (!current.isEmpty && pendingJoiner == nil && WordScanner.isMark(scalar)) {
                    if current.isEmpty { start = offset }
                    if let joiner = pendingJoiner, !current.isEmpty { current.append(joiner) }
                    pendingJoiner = nil
                    current.append(scalar)
                } else if !current.isEmpty, pendingJoiner == nil, scalar == "-" || scalar == "'" || scalar == "’" || scalar == "." || scalar == "_" {
                    pendingJoiner = scalar == "’" ? "'" : scalar
                } else {
                    if !current.isEmpty { words.append(Word(text: current.take(), offset: start)) }
                    pendingJoiner = nil
                }
            }
            return words
        }
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
    /// is one stretch of the text's lines.
    static func substance(of text: String) -> String {
        substanceBounds(of: text).map { String(text[$0]) } ?? ""
    }

    /// Where the substance lies in the text: from the start of a line to the end of one.
    static func substanceBounds(of text: String) -> Range<String.Index>? {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }[...]
        while let first = lines.first, first.trimmed.isEmpty { lines.removeFirst() }
        if let first = lines.first {
            let words = Self.words(in: first, limit: 7)
            if words.count <= 6, let lead = words.first, greetings.contains(lead.text) { lines.removeFirst() }
        }
        if let signOff = lines.indices.dropFirst().first(where: { isSignOff(lines[$0]) }) {
            lines = lines[..<signOff]
        }
        guard let first = lines.first, let last = lines.last else { return nil }
        return first.startIndex..<last.endIndex
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
