import DeskgateCore
import DeskgateStore
import Foundation
import Logging
import PostgresNIO

/// Finds the articles that answer a mail: builds the query from its subject and new text,
/// asks PostgreSQL for what the words mean and which articles have them, and ranks those.
public struct KnowledgeSuggester: Sendable {
    let builder: SuggestionQueryBuilder
    let ranker: SuggestionRanker
    let store: KnowledgeStore
    /// Articles fetched by title and by body before ranking: enough to hold every plausible
    /// answer, few enough to rank in a millisecond.
    static let candidateLimit = 15

    public init(settings: KnowledgeSettings, store: KnowledgeStore) {
        self.builder = SuggestionQueryBuilder(synonyms: settings.synonyms)
        self.ranker = SuggestionRanker(settings: settings.ranking)
        self.store = store
    }

    public struct Suggestion: Sendable, Encodable, Equatable {
        public var id: String
        public var title: String
        public var score: Double
        public var summary: String
        public var url: String?
        /// Why it was suggested: the mail's concepts it has (`*` in its title or tags).
        public var matched: [String] = []

        enum CodingKeys: String, CodingKey { case id, title, score }
    }

    public var isEnabled: Bool { ranker.settings.maximumSuggestions > 0 }

    public func suggest(subject: String, text: String, limit: Int? = nil, client: PostgresClient) async throws -> [Suggestion] {
        try await client.withConnection { try await suggest(subject: subject, text: text, limit: limit, on: $0) }
    }

    public func suggest(subject: String, text: String, limit: Int? = nil, on connection: PostgresConnection) async throws -> [Suggestion] {
        try await suggest([(subject, text)], limit: limit, on: connection)[0]
    }

    /// The articles for each of several mails; the words of all of them are looked up in
    /// one statement.
    public func suggest(_ mails: [(subject: String, text: String)], limit: Int? = nil,
                        on connection: PostgresConnection) async throws -> [[Suggestion]] {
        var ranker = self.ranker
        if let limit { ranker.settings.maximumSuggestions = limit }
        guard ranker.settings.maximumSuggestions > 0 else { return mails.map { _ in [] } }
        let queries = mails.map { builder.build(subject: $0.subject, text: $0.text) }
        var seen = Set<String>()
        let words = queries.flatMap(\.words).filter { seen.insert($0).inserted }
        guard !words.isEmpty else { return mails.map { _ in [] } }
        // What the base says of a word does not depend on the mail that has it.
        let vocabulary = try await store.vocabulary(words: words, on: connection)
        var found: [[Suggestion]] = []
        for query in queries {
            found.append(query.isEmpty ? [] : try await suggest(query, vocabulary: vocabulary, ranker: ranker, on: connection))
        }
        return found
    }

    private func suggest(_ query: SuggestionQuery, vocabulary known: SuggestionRanker.Vocabulary, ranker: SuggestionRanker,
                         on connection: PostgresConnection) async throws -> [Suggestion] {
        var vocabulary = known
        let retrieval = ranker.retrievalQueries(for: query, vocabulary: vocabulary)
        guard !retrieval.isEmpty else { return [] }
        func union(_ parts: [String]) -> String? { parts.isEmpty ? nil : Set(parts).sorted().map { "(" + $0 + ")" }.joined(separator: " | ") }
        let (candidates, titleDocuments) = try await store.candidates(
            titles: union(retrieval.values.compactMap(\.titles)), bodies: union(retrieval.values.compactMap(\.bodies)),
            lexemes: ranker.queryLexemes(for: query, vocabulary: vocabulary), limit: Self.candidateLimit, on: connection)
        for (config, documents) in titleDocuments {
            vocabulary.documents[config, default: [:]].merge(documents) { known, _ in known }
        }
        let byID = Dictionary(candidates.map { ($0.ranking.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ranker.rank(query, vocabulary: vocabulary, candidates: candidates.map(\.ranking)).compactMap { ranked in
            byID[ranked.id].map { Suggestion(id: $0.ranking.id, title: $0.title, score: (ranked.score * 1000).rounded() / 1000,
                                              summary: $0.summary, url: $0.url, matched: ranked.matched) }
        }
    }
}
