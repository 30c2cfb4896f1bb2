import Foundation

/// Decides which articles answer a mail, and how well: a share of the mail's meaningful
/// words (weighted by how rare they are in the knowledge base, doubled in the title) that an
/// article covers, together with the share of the article's title the mail covers. Below
/// the threshold nothing is suggested — a wrong article is worse than none.
public struct SuggestionRanker: Sendable {
    public struct Settings: Sendable, Equatable {
        /// The least score an article needs to be suggested at all.
        public var threshold: Double
        public var maximumSuggestions: Int
        /// Runners-up are shown only when they come this close to the best one.
        public var runnerUpShare: Double

        public init(threshold: Double = 0.26, maximumSuggestions: Int = 3, runnerUpShare: Double = 0.5) {
            self.threshold = threshold
            self.maximumSuggestions = maximumSuggestions
            self.runnerUpShare = runnerUpShare
        }
    }

    /// What the knowledge base knows about the query's words, per search configuration.
    public struct Vocabulary: Sendable, Equatable {
        /// How many articles each configuration indexes.
        public var articles: [String: Int]
        /// configuration → word → the lexemes that configuration makes of it (spelling fixed
        /// where the word is unknown and a close one is known).
        public var lexemes: [String: [String: [String]]]
        /// configuration → lexeme → how many articles have it.
        public var documents: [String: [String: Int]]
        /// configuration → lexeme → how many articles have it in their title or tags.
        public var titleDocuments: [String: [String: Int]]

        public init(articles: [String: Int], lexemes: [String: [String: [String]]], documents: [String: [String: Int]],
                    titleDocuments: [String: [String: Int]] = [:]) {
            self.articles = articles
            self.lexemes = lexemes
            self.documents = documents
            self.titleDocuments = titleDocuments
        }

        public var totalArticles: Int { articles.values.reduce(0, +) }
    }

    /// An article the search found, with what it has of the query.
    public struct Candidate: Sendable, Equatable {
        public var id: String
        public var configuration: String
        public var titleLexemes: [String]
        public var tagLexemes: [String]
        /// The query's lexemes this article has anywhere.
        public var matchedLexemes: Set<String>

        public init(id: String, configuration: String, titleLexemes: [String], tagLexemes: [String], matchedLexemes: Set<String>) {
            self.id = id
            self.configuration = configuration
            self.titleLexemes = titleLexemes
            self.tagLexemes = tagLexemes
            self.matchedLexemes = matchedLexemes
        }
    }

    public struct Ranked: Sendable, Equatable {
        public var id: String
        public var score: Double
        /// Why: the mail's concepts the article has (`*` marks those in its title or tags).
        public var matched: [String]
        /// The two measures the score is made of.
        public var coverage: Double
        public var titleShare: Double
        public var sameLanguage: Bool
    }

    public var settings: Settings
    /// A word the knowledge base has never seen counts like one found in a single article,
    /// times this: in a subject it usually names what no article covers ("projector",
    /// "parking"); in a body it is as often the story around the problem ("holidays").
    static let unknownSubjectWord = 0.8
    static let unknownBodyWord = 0.4
    static let bodyMatch = 0.7
    static let subjectWeight = 1.5
    /// How much a title that is all about the mail's words adds to the coverage.
    static let titleWeight = 0.5
    static let subjectShare = 0.55
    /// Found through a synonym rather than the mail's own word: likely the same thing, not surely.
    static let synonymMatch = 0.8
    /// An article in another language than the mail's (a translation, or a near miss found
    /// through a multilingual synonym) comes after one in the mail's own language.
    static let otherLanguage = 0.8

    public init(settings: Settings = Settings()) { self.settings = settings }

    /// How to find the candidates in one configuration: a tsquery over titles and tags, one
    /// over whole articles, or both (nil: not searched that way).
    public struct Retrieval: Sendable, Equatable {
        public var titles: String?
        public var bodies: String?
    }

    /// The searches that find candidates, per configuration. Each asks for the rarest concepts
    /// first and stops before the articles it would find (by the statistics) pass `budget`,
    /// so a mail of common words cannot drag half of a large base into the ranking. Titles
    /// are searched separately because there even common words are rare. (In a base of a
    /// few hundred articles the budget covers everything.)
    public func retrievalQueries(for query: SuggestionQuery, vocabulary: Vocabulary,
                                 budget: (titles: Int, bodies: Int) = (400, 200)) -> [String: Retrieval] {
        var result: [String: Retrieval] = [:]
        let everything = max(vocabulary.totalArticles, 1)
        for configuration in vocabulary.articles.keys.sorted() {
            let total = vocabulary.articles[configuration] ?? 0
            // The budget is for the whole search: each language gets its share of it.
            let share = Double(total) / Double(everything)
            let titleBudget = Int((Double(budget.titles) * share).rounded(.up)), bodyBudget = Int((Double(budget.bodies) * share).rounded(.up))
            var titles: [(term: String, documents: Int)] = []
            var bodies: [(term: String, documents: Int)] = []
            for concept in query.concepts {
                var titleTerms: [String] = [], bodyTerms: [String] = []
                var titleCount = 0, bodyCount = 0
                for alternative in concept.alternatives {
                    guard let lexemes = lexemes(of: alternative, in: configuration, vocabulary) else { continue }
                    let inBodies = lexemes.map { vocabulary.documents[configuration]?[$0] ?? 0 }.min() ?? 0
                    let inTitles = lexemes.map { vocabulary.titleDocuments[configuration]?[$0] ?? 0 }.min() ?? 0
                    let term = lexemes.count == 1 ? Self.quoted(lexemes[0]) : "(" + lexemes.map(Self.quoted).joined(separator: " & ") + ")"
                    if inBodies > 0 { bodyTerms.append(term); bodyCount += inBodies }
                    if inTitles > 0 { titleTerms.append(term); titleCount += inTitles }
                }
                if !bodyTerms.isEmpty { bodies.append((bodyTerms.joined(separator: " | "), bodyCount)) }
                if !titleTerms.isEmpty { titles.append((titleTerms.joined(separator: " | "), titleCount)) }
            }
            let retrieval = Retrieval(titles: Self.within(titleBudget, titles, of: total), bodies: Self.within(bodyBudget, bodies, of: total))
            if retrieval.titles != nil || retrieval.bodies != nil { result[configuration] = retrieval }
        }
        return result
    }

    /// The rarest terms OR'ed while the articles they find stay within the budget; when even
    /// the rarest alone finds more, the two rarest together (AND) if that stays within it.
    static func within(_ budget: Int, _ terms: [(term: String, documents: Int)], of total: Int) -> String? {
        let sorted = terms.sorted { $0.documents < $1.documents }
        var chosen: [String] = []
        var found = 0
        for (term, documents) in sorted where found + documents <= budget {
            chosen.append("(" + term + ")")
            found += documents
        }
        if !chosen.isEmpty { return chosen.joined(separator: " | ") }
        guard sorted.count >= 2, total > 0 else { return nil }
        let together = Double(sorted[0].documents) * Double(sorted[1].documents) / Double(total)
        return together <= Double(budget) ? "(" + sorted[0].term + ") & (" + sorted[1].term + ")" : nil
    }

    /// Every lexeme of the query in every configuration, to ask the candidates about.
    public func queryLexemes(for query: SuggestionQuery, vocabulary: Vocabulary) -> [String] {
        var all = Set<String>()
        for configuration in vocabulary.articles.keys {
            for concept in query.concepts {
                for alternative in concept.alternatives {
                    all.formUnion(lexemes(of: alternative, in: configuration, vocabulary) ?? [])
                }
            }
        }
        return all.sorted()
    }

    public func rank(_ query: SuggestionQuery, vocabulary: Vocabulary, candidates: [Candidate]) -> [Ranked] {
        let language = queryConfiguration(query, vocabulary: vocabulary)
        let query = merged(query, vocabulary: vocabulary, language: language)
        let weights = self.weights(of: query, vocabulary: vocabulary)
        guard weights.reduce(0, +) > 0 else { return [] }
        var ranked = candidates.map { candidate in
            var measured = measure(candidate, query: query, weights: weights, vocabulary: vocabulary)
            measured.sameLanguage = language == nil || candidate.configuration == language || candidate.configuration == "simple"
            return measured
        }
        // The mail's language orders the relevant articles; it does not decide relevance
        // (the one article that answers may be written in another language).
        func order(_ item: Ranked) -> Double { item.sameLanguage ? item.score : item.score * Self.otherLanguage }
        ranked.sort { order($0) > order($1) || (order($0) == order($1) && $0.id < $1.id) }
        let relevant = ranked.filter { $0.score >= settings.threshold }
        guard let best = relevant.first else { return [] }
        return Array(relevant.filter { order($0) >= order(best) * settings.runnerUpShare }.prefix(settings.maximumSuggestions))
    }

    /// Each concept's weight: how rare it is across the whole base, whatever the language;
    /// more in the subject, more when the mail keeps coming back to it.
    func weights(of query: SuggestionQuery, vocabulary: Vocabulary) -> [Double] {
        let total = vocabulary.totalArticles
        return query.concepts.map { concept in
            let documents = vocabulary.articles.keys.reduce(0) { $0 + self.documents(of: concept, in: $1, vocabulary) }
            let base = documents > 0 ? Self.idf(documents, of: total)
                : Self.idf(1, of: total) * (concept.inSubject ? Self.unknownSubjectWord : Self.unknownBodyWord)
            let repeated = 1 + 0.5 * Double(min(concept.mentions, 3) - 1)
            return base * (concept.inSubject ? Self.subjectWeight : 1) * repeated
        }
    }

    static func idf(_ documents: Int, of total: Int) -> Double { log(1 + Double(max(total, 1)) / Double(max(documents, 1))) }

    /// How well one article covers the mail. The subject and the body are each asked how much
    /// of them it covers — a long story in the body must not drown the few words of the
    /// subject that name the problem — and a title all about the mail's words raises that.
    func measure(_ candidate: Candidate, query: SuggestionQuery, weights: [Double], vocabulary: Vocabulary) -> Ranked {
        let subjectWeight = zip(query.concepts, weights).filter { $0.0.inSubject }.reduce(0) { $0 + $1.1 }
        let bodyWeight = zip(query.concepts, weights).filter { !$0.0.inSubject }.reduce(0) { $0 + $1.1 }
        let subjectShare = subjectWeight == 0 ? 0 : bodyWeight == 0 ? 1 : Self.subjectShare
        let titleSet = Set(candidate.titleLexemes)
        let headSet = titleSet.union(candidate.tagLexemes)
        var coveredSubject = 0.0, coveredBody = 0.0
        var titleHit = Set<String>()
        var matched: [String] = []
        for (concept, weight) in zip(query.concepts, weights) {
            var best = 0.0
            let said = lexemes(of: concept.said, in: candidate.configuration, vocabulary).map(Set.init)
            for alternative in concept.alternatives {
                guard let lexemes = lexemes(of: alternative, in: candidate.configuration, vocabulary) else { continue }
                let own = alternative == concept.said || Set(lexemes) == said ? 1 : Self.synonymMatch
                if lexemes.allSatisfy(headSet.contains) {
                    best = max(best, own)
                    titleHit.formUnion(lexemes.filter(titleSet.contains))
                } else if lexemes.allSatisfy(candidate.matchedLexemes.contains) {
                    best = max(best, Self.bodyMatch * own)
                }
            }
            if concept.inSubject { coveredSubject += weight * best } else { coveredBody += weight * best }
            if best > 0 { matched.append((best > Self.bodyMatch ? "*" : "") + concept.text + String(format: "(%.1f)", weight)) }
        }
        let documents = vocabulary.documents[candidate.configuration] ?? [:]
        let titleWeights = candidate.titleLexemes.map { ($0, Self.idf(documents[$0] ?? 1, of: vocabulary.totalArticles)) }
        let titleTotal = titleWeights.reduce(0) { $0 + $1.1 }
        let titleCovered = titleWeights.filter { titleHit.contains($0.0) }.reduce(0) { $0 + $1.1 }
        let titleShare = titleTotal > 0 ? titleCovered / titleTotal : 0
        let coverage = (subjectWeight > 0 ? subjectShare * coveredSubject / subjectWeight : 0)
            + (bodyWeight > 0 ? (1 - subjectShare) * coveredBody / bodyWeight : 0)
        return Ranked(id: candidate.id, score: coverage * (1 - Self.titleWeight + Self.titleWeight * titleShare), matched: matched,
                      coverage: coverage, titleShare: titleShare, sameLanguage: true)
    }

    /// One concept per meaning: "printer" and "printers" are one word to the stemmer, and
    /// counting both would make an article about printers look twice as relevant.
    func merged(_ query: SuggestionQuery, vocabulary: Vocabulary, language: String?) -> SuggestionQuery {
        var result = query
        result.concepts = []
        var seen: [[String]: Int] = [:]
        for concept in query.concepts {
            // Stemmed the way the mail's language stems (English when that is unclear).
            let configuration = language ?? (vocabulary.articles["english"] != nil ? "english" : vocabulary.articles.keys.sorted().first ?? "simple")
            let key = (lexemes(of: concept.said, in: configuration, vocabulary) ?? concept.said).sorted()
            if let index = seen[key] {
                result.concepts[index].inSubject = result.concepts[index].inSubject || concept.inSubject
                result.concepts[index].mentions += concept.mentions
                if concept.alternatives.count > result.concepts[index].alternatives.count {
                    result.concepts[index].alternatives = concept.alternatives // the synonyms of either
                }
            } else {
                seen[key] = result.concepts.count
                result.concepts.append(concept)
            }
        }
        return result
    }

    /// The search configuration of the mail's language: its typical words count twice, then
    /// every word of the mail the articles of that language know. nil when it is a draw.
    public func queryConfiguration(_ query: SuggestionQuery, vocabulary: Vocabulary) -> String? {
        var evidence: [String: Int] = [:]
        for configuration in vocabulary.articles.keys {
            var score = 2 * (query.languageMarkers[configuration] ?? 0)
            for concept in query.concepts {
                if let lexemes = lexemes(of: concept.said, in: configuration, vocabulary),
                   lexemes.allSatisfy({ (vocabulary.documents[configuration]?[$0] ?? 0) > 0 }) {
                    score += 1
                }
            }
            evidence[configuration] = score
        }
        let ranked = evidence.sorted { $0.value > $1.value }
        guard let best = ranked.first, best.value > 0, ranked.dropFirst().first?.value != best.value else { return nil }
        return best.key
    }

    /// The lexemes a configuration makes of an alternative's words, leaving out words that
    /// configuration drops (its stop words) or does not know; nil when nothing is left.
    func lexemes(of alternative: [String], in configuration: String, _ vocabulary: Vocabulary) -> [String]? {
        var result: [String] = []
        for word in alternative {
            guard let lexemes = vocabulary.lexemes[configuration]?[word], !lexemes.isEmpty else {
                if alternative.count == 1 { return nil }
                continue
            }
            result.append(contentsOf: lexemes)
        }
        return result.isEmpty ? nil : result
    }

    /// In how many articles of a configuration the concept appears (its commonest way of saying it).
    func documents(of concept: SuggestionQuery.Concept, in configuration: String, _ vocabulary: Vocabulary) -> Int {
        let counts = vocabulary.documents[configuration] ?? [:]
        return concept.alternatives.compactMap { alternative -> Int? in
            guard let lexemes = lexemes(of: alternative, in: configuration, vocabulary) else { return nil }
            return lexemes.map { counts[$0] ?? 0 }.min()
        }.max() ?? 0
    }

    /// A lexeme as a tsquery operand.
    public static func quoted(_ lexeme: String) -> String {
        "'" + lexeme.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
