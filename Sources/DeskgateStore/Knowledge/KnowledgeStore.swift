import DeskgateCore
import Foundation
import Logging
import PostgresNIO

/// One article as it is stored.
public struct KnowledgeArticle: Sendable, Equatable {
    public var id: String
    public var title: String
    public var tags: [String]
    public var language: String
    /// The PostgreSQL text-search configuration for `language`.
    public var searchConfiguration: String
    public var bodyMarkdown: String
    public var bodyText: String
    public var summary: String
    public var url: String?
    public var sourceFile: String?
    /// Unchanged hash, unchanged row.
    public var contentHash: String

    public init(id: String, title: String, tags: [String], language: String, searchConfiguration: String, bodyMarkdown: String,
                bodyText: String, summary: String, url: String?, sourceFile: String?, contentHash: String) {
        self.id = id
        self.title = title
        self.tags = tags
        self.language = language
        self.searchConfiguration = searchConfiguration
        self.bodyMarkdown = bodyMarkdown
        self.bodyText = bodyText
        self.summary = summary
        self.url = url
        self.sourceFile = sourceFile
        self.contentHash = contentHash
    }
}

/// A candidate article with what a reader is shown of it.
public struct KnowledgeCandidate: Sendable {
    public var ranking: SuggestionRanker.Candidate
    public var title: String
    public var summary: String
    public var url: String?
    public var language: String
}

/// The knowledge base in PostgreSQL: articles written in batches, the word statistics
/// rebuilt after an import, and the two lookups a suggestion needs.
public struct KnowledgeStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public struct WriteCounts: Sendable, Equatable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
    }

    /// Inserts new articles and updates changed ones (by id); unchanged rows are not touched.
    public func write(_ articles: [KnowledgeArticle]) async throws -> WriteCounts {
        guard !articles.isEmpty else { return WriteCounts() }
        let rows = try await client.withConnection { connection in
            try await connection.prepared(WriteArticles.self, """
                INSERT INTO knowledge_articles AS k (id, title, tags, language, body_markdown, body_text, summary, url, source_file,
                                                     content_hash, search_config, search, title_search, title_lexemes, tag_lexemes, updated_at)
                SELECT a.id, a.title, CASE WHEN a.tags = '' THEN '{}'::text[] ELSE string_to_array(a.tags, E'\\n') END,
                       a.language, a.markdown, a.body, a.summary, nullif(a.url, ''), nullif(a.file, ''), a.hash, a.config,
                       setweight(v.title, 'A') || setweight(v.tags, 'A')
                         || setweight(to_tsvector(a.config::regconfig, a.summary), 'B')
                         || setweight(to_tsvector(a.config::regconfig, a.body), 'D'),
                       v.title || v.tags, tsvector_to_array(v.title), tsvector_to_array(v.tags), now()
                FROM unnest(\(articles.map(\.id))::text[], \(articles.map(\.title))::text[],
                            \(articles.map { $0.tags.joined(separator: "\n") })::text[], \(articles.map(\.language))::text[],
                            \(articles.map(\.searchConfiguration))::text[], \(articles.map(\.bodyMarkdown))::text[],
                            \(articles.map(\.bodyText))::text[], \(articles.map(\.summary))::text[], \(articles.map { $0.url ?? "" })::text[],
                            \(articles.map { $0.sourceFile ?? "" })::text[], \(articles.map(\.contentHash))::text[])
                     AS a(id, title, tags, language, config, markdown, body, summary, url, file, hash)
                CROSS JOIN LATERAL (SELECT to_tsvector(a.config::regconfig, a.title) AS title,
                                           to_tsvector(a.config::regconfig, replace(a.tags, E'\\n', ' ')) AS tags) v
                ON CONFLICT (id) DO UPDATE SET
                    title = EXCLUDED.title, tags = EXCLUDED.tags, language = EXCLUDED.language, body_markdown = EXCLUDED.body_markdown,
                    body_text = EXCLUDED.body_text, summary = EXCLUDED.summary, url = EXCLUDED.url, source_file = EXCLUDED.source_file,
                    content_hash = EXCLUDED.content_hash, search_config = EXCLUDED.search_config, search = EXCLUDED.search,
                    title_search = EXCLUDED.title_search,
                    title_lexemes = EXCLUDED.title_lexemes, tag_lexemes = EXCLUDED.tag_lexemes, updated_at = now()
                WHERE k.content_hash IS DISTINCT FROM EXCLUDED.content_hash
                RETURNING (xmax = 0)
                """, logger: logger)
        }
        var counts = WriteCounts()
        for row in rows {
            if try row.decode(Bool.self) { counts.added += 1 } else { counts.updated += 1 }
        }
        counts.unchanged = articles.count - rows.count
        return counts
    }

    /// Removes every article not in `keeping`; returns the ids removed.
    public func prune(keeping ids: [String]) async throws -> [String] {
        let rows = try await client.query("""
            DELETE FROM knowledge_articles WHERE NOT (id = ANY(\(ids)::text[])) RETURNING id
            """, logger: logger)
        var removed: [String] = []
        for try await id in rows.decode(String.self) { removed.append(id) }
        return removed.sorted()
    }

    /// Rebuilds the word statistics from the articles, in one transaction so suggestions
    /// see either the old statistics or the new ones.
    public func refreshStatistics() async throws {
        try await client.transaction(logger: logger) { connection in
            try await connection.query("DELETE FROM knowledge_lexemes", logger: logger)
            try await connection.query("""
                INSERT INTO knowledge_lexemes (config, lexeme, documents, title_documents)
                SELECT a.config, a.lexeme, a.documents, coalesce(t.documents, 0)
                FROM (SELECT search_config AS config, lexeme, count(*) AS documents
                      FROM knowledge_articles, unnest(tsvector_to_array(search)) AS lexeme GROUP BY 1, 2) a
                LEFT JOIN (SELECT search_config AS config, lexeme, count(*) AS documents
                           FROM knowledge_articles, unnest(tsvector_to_array(title_search)) AS lexeme GROUP BY 1, 2) t
                       ON t.config = a.config AND t.lexeme = a.lexeme
                """, logger: logger)
            try await connection.query("DELETE FROM knowledge_words", logger: logger)
            try await connection.query("INSERT INTO knowledge_words SELECT DISTINCT lexeme FROM knowledge_lexemes", logger: logger)
            try await connection.query("DELETE FROM knowledge_index", logger: logger)
            try await connection.query("""
                INSERT INTO knowledge_index (config, articles) SELECT search_config, count(*) FROM knowledge_articles GROUP BY search_config
                """, logger: logger)
        }
        // Fresh statistics, so the planner knows how small or large the base now is.
        try await client.query("ANALYZE knowledge_articles, knowledge_lexemes, knowledge_words, knowledge_index", logger: logger)
    }

    public func count() async throws -> Int {
        let rows = try await client.query("SELECT count(*)::int FROM knowledge_articles", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// What the base knows about the query's words in each configuration it indexes: their
    /// lexemes (an unknown one replaced by the closest known spelling) and how common they are.
    public func vocabulary(words: [String], on connection: PostgresConnection) async throws -> SuggestionRanker.Vocabulary {
        var vocabulary = SuggestionRanker.Vocabulary(articles: [:], lexemes: [:], documents: [:])
        let rows = try await connection.prepared(LookUpWords.self, """
            SELECT s.config, s.articles, w.word, coalesce(l.lexeme, fix.lexeme), coalesce(l.documents, fix.documents),
                   coalesce(l.title_documents, fix.title_documents)
            FROM knowledge_index s
            LEFT JOIN LATERAL unnest(\(words)::text[]) AS w(word) ON true
            LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector(s.config::regconfig, w.word))) AS x(lexeme) ON true
            LEFT JOIN knowledge_lexemes l ON l.config = s.config AND l.lexeme = x.lexeme
            LEFT JOIN LATERAL (
                SELECT k.lexeme, k.documents, k.title_documents
                FROM (SELECT v.lexeme FROM knowledge_words v
                      WHERE l.lexeme IS NULL AND length(x.lexeme) >= 4 AND v.lexeme % x.lexeme
                      ORDER BY v.lexeme <-> x.lexeme LIMIT 5) near
                JOIN knowledge_lexemes k ON k.config = s.config AND k.lexeme = near.lexeme
                WHERE similarity(k.lexeme, x.lexeme) >= 0.5
                ORDER BY similarity(k.lexeme, x.lexeme) DESC, k.documents DESC, k.lexeme LIMIT 1) fix ON true
            """, logger: logger)
        for row in rows {
            let (config, articles, word, lexeme, documents, titleDocuments) = try row.decode((String, Int, String?, String?, Int?, Int?).self)
            vocabulary.articles[config] = articles
            guard let word else { continue }
            // A word this language drops (a stop word) has no lexeme; an unknown one keeps its own.
            guard let known = lexeme else { continue }
            vocabulary.lexemes[config, default: [:]][word, default: []].append(known)
            vocabulary.documents[config, default: [:]][known] = documents ?? 0
            vocabulary.titleDocuments[config, default: [:]][known] = titleDocuments ?? 0
        }
        return vocabulary
    }

    /// The best-matching articles for the retrieval queries — one over titles and tags, one
    /// over whole articles, each the union of every configuration's (an article holds only
    /// its own configuration's lexemes) — each with the query lexemes it has and the rarity
    /// of its title's words.
    public func candidates(titles: String?, bodies: String?, lexemes: [String], limit: Int,
                           on connection: PostgresConnection) async throws -> (candidates: [KnowledgeCandidate], titleDocuments: [String: [String: Int]]) {
        guard titles != nil || bodies != nil else { return ([], [:]) }
        // One single-lexeme query per lexeme: asking the article's vector for each is a
        // binary search, far cheaper than turning the vector into an array.
        let probes = lexemes.map(SuggestionRanker.quoted)
        let rows = try await connection.prepared(FindCandidates.self, """
            SELECT a.id, a.search_config, a.title, a.summary, a.url, a.language, a.title_lexemes, a.tag_lexemes,
                   ARRAY(SELECT p.lexeme FROM unnest(\(lexemes)::text[], \(probes)::tsquery[]) AS p(lexeme, probe) WHERE a.search @@ p.probe),
                   ARRAY(SELECT coalesce(l.documents, 1) FROM unnest(a.title_lexemes) WITH ORDINALITY AS t(lexeme, n)
                         LEFT JOIN knowledge_lexemes l ON l.config = a.search_config AND l.lexeme = t.lexeme ORDER BY t.n)
            FROM (
                (SELECT k.id FROM knowledge_articles k WHERE \(titles ?? "") <> '' AND k.title_search @@ \(titles ?? "")::tsquery
                 ORDER BY ts_rank(k.title_search, \(titles ?? "")::tsquery) DESC, k.id LIMIT \(limit))
                UNION
                (SELECT k.id FROM knowledge_articles k WHERE \(bodies ?? "") <> '' AND k.search @@ \(bodies ?? "")::tsquery
                 ORDER BY ts_rank(k.search, \(bodies ?? "")::tsquery) DESC, k.id LIMIT \(limit))) found
            JOIN knowledge_articles a ON a.id = found.id
            """, logger: logger)
        var candidates: [KnowledgeCandidate] = []
        var titleDocuments: [String: [String: Int]] = [:]
        for row in rows {
            let (id, config, title, summary, url, language, titleLexemes, tagLexemes, matched, documents) =
                try row.decode((String, String, String, String, String?, String, [String], [String], [String], [Int]).self)
            for (lexeme, count) in zip(titleLexemes, documents) { titleDocuments[config, default: [:]][lexeme] = count }
            candidates.append(KnowledgeCandidate(
                ranking: .init(id: id, configuration: config, titleLexemes: titleLexemes, tagLexemes: tagLexemes, matchedLexemes: Set(matched)),
                title: title, summary: summary, url: url, language: language))
        }
        return (candidates, titleDocuments)
    }

    private enum WriteArticles {}
    private enum LookUpWords {}
    private enum FindCandidates {}
}
