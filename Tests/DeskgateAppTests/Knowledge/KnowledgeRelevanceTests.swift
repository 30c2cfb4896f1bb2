@testable import DeskgateApp
import DeskgateStore
import DeskgateTestSupport
import Foundation
import PostgresNIO
import Testing

/// Suggestions measured on the labelled set in `Tests/Knowledge`: articles of an IT desk in
/// four languages and realistic requests, each with the articles that answer it — or none.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct KnowledgeRelevanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Knowledge")

    struct LabelledQuery: Decodable {
        var subject: String
        var body: String
        var expect: [String]
    }

    static func queries() throws -> [LabelledQuery] {
        let text = try String(contentsOf: folder.appendingPathComponent("queries.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(LabelledQuery.self, from: Data($0.utf8)) }
    }

    @Test func theLabelledSetIsLargeEnoughToMeanSomething() throws {
        let queries = try Self.queries()
        let articles = try FileManager.default.contentsOfDirectory(atPath: Self.folder.appendingPathComponent("articles").path)
        #expect(articles.filter { $0.hasSuffix(".md") }.count >= 30)
        #expect(queries.filter { !$0.expect.isEmpty }.count >= 100)
        #expect(queries.filter(\.expect.isEmpty).count >= 20)
        let ids = Set(articles.map { String($0.dropLast(3)) })
        #expect(queries.flatMap(\.expect).allSatisfy(ids.contains))
    }

    @Test func suggestionsFindTheRightArticleAndNothingWhenNothingFits() async throws {
        let queries = try Self.queries()
        try await KnowledgeFixture.withImported(Self.folder.appendingPathComponent("articles").path) { client, suggester in
            var hitAt1 = 0, hitAt3 = 0, answerable = 0, unanswerable = 0, leftEmpty = 0
            var misses: [String] = []
            for query in queries {
                let suggestions = try await suggester.suggest(subject: query.subject, text: query.body, client: client)
                let ids = suggestions.map(\.id)
                let shown = suggestions.map { "\($0.id) \($0.score)" }.joined(separator: ", ")
                if query.expect.isEmpty {
                    unanswerable += 1
                    if ids.isEmpty { leftEmpty += 1 } else { misses.append("no answer expected for '\(query.subject)', got \(shown)") }
                    continue
                }
                answerable += 1
                if let first = ids.first, query.expect.contains(first) { hitAt1 += 1 }
                if ids.prefix(3).contains(where: query.expect.contains) {
                    hitAt3 += 1
                    if !query.expect.contains(ids[0]) { misses.append("'\(query.subject)': right article not first: \(shown)") }
                } else {
                    misses.append("'\(query.subject)': expected \(query.expect), got [\(shown)]")
                }
            }
            let at1 = Double(hitAt1) / Double(answerable), at3 = Double(hitAt3) / Double(answerable)
            let empty = Double(leftEmpty) / Double(unanswerable)
            print(String(format: "knowledge suggestions: hit@1 %.3f, hit@3 %.3f, no-answer left empty %.3f (%d answerable, %d without answer)",
                         at1, at3, empty, answerable, unanswerable))
            for miss in misses { print("  " + miss) }
            #expect(at1 >= 0.85)
            #expect(at3 >= 0.95)
            #expect(empty >= 0.8)
        }
    }
}

/// A scratch database with a folder of articles imported.
enum KnowledgeFixture {
    static func withImported(_ folder: String, settings: KnowledgeSettings = .defaults,
                             _ body: @Sendable @escaping (PostgresClient, KnowledgeSuggester) async throws -> Void) async throws {
        let scratch = try await ScratchDatabase.create()
        do {
            try await scratch.withClient { client in
                _ = try await Migrator(client: client, migrations: MigrationCatalog.bundled(), logger: ScratchDatabase.logger).migrate()
                let store = KnowledgeStore(client: client, logger: ScratchDatabase.logger)
                let report = try await KnowledgeImporter(store: store, settings: settings).run(directory: folder, prune: false) { _, _ in }
                #expect(report.skipped.isEmpty, "\(report.skipped)")
                try await body(client, KnowledgeSuggester(settings: settings, store: store))
            }
        } catch {
            await scratch.drop()
            throw error
        }
        await scratch.drop()
    }
}
