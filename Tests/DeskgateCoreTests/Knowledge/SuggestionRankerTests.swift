@testable import DeskgateCore
import Testing

/// The ranking on hand-made statistics: what the database would report for a small base.
struct SuggestionRankerTests {
    /// english: 10 articles. "vpn" in 2, "printer" in 3, "connect" in 5, "hotel" in 1.
    let vocabulary = SuggestionRanker.Vocabulary(
        articles: ["english": 10, "german": 2],
        lexemes: ["english": ["vpn": ["vpn"], "printer": ["printer"], "connect": ["connect"], "connecting": ["connect"],
                              "hotel": ["hotel"], "projector": ["projector"], "remote": ["remot"], "access": ["access"]],
                  "german": ["vpn": ["vpn"], "printer": ["print"], "connect": ["connect"], "connecting": ["connecting"],
                             "hotel": ["hotel"], "projector": ["projector"], "remote": ["remot"], "access": ["access"]]],
        documents: ["english": ["vpn": 2, "printer": 3, "connect": 5, "hotel": 1, "set": 6, "up": 9, "home": 2, "remot": 1, "access": 4],
                    "german": ["vpn": 1, "einrichten": 1]])

    func article(_ id: String, title: [String], tags: [String] = [], has: Set<String>, configuration: String = "english") -> SuggestionRanker.Candidate {
        .init(id: id, configuration: configuration, titleLexemes: title, tagLexemes: tags, matchedLexemes: has.union(title).union(tags))
    }

    func query(_ subject: String, _ text: String = "", synonyms: [String] = []) -> SuggestionQuery {
        SuggestionQueryBuilder(synonyms: SynonymList(lines: synonyms)).build(subject: subject, text: text)
    }

    @Test func anArticleWhoseTitleSaysWhatTheMailAsksComesFirst() throws {
        let ranked = SuggestionRanker(settings: .init(threshold: 0, runnerUpShare: 0)).rank(query("VPN connecting"), vocabulary: vocabulary, candidates: [
            article("body-only", title: ["set", "up"], has: ["vpn", "connect"]),
            article("title", title: ["connect", "vpn", "home"], has: []),
        ])
        try #require(ranked.map(\.id) == ["title", "body-only"])
        #expect(ranked[0].matched.count == 2 && ranked[0].matched.allSatisfy { $0.hasPrefix("*") })
        #expect(ranked[1].matched.allSatisfy { !$0.hasPrefix("*") })
    }

    @Test func nothingIsSuggestedWhenTheMailsMainWordIsNowhere() {
        // "projector" is unknown to the base: an article about hotels is no answer.
        let ranked = SuggestionRanker().rank(query("Projector broken", "The projector in the hotel lobby is broken, its lamp flickers."), vocabulary: vocabulary, candidates: [
            article("hotel-wifi", title: ["hotel", "wifi"], has: []),
        ])
        #expect(ranked.isEmpty)
    }

    @Test func theSameWordTwiceIsOneConcept() {
        let merged = SuggestionRanker().merged(query("connect", "connecting"), vocabulary: vocabulary, language: "english")
        #expect(merged.concepts.count == 1)
        #expect(merged.concepts[0].mentions == 2)
    }

    @Test func aSynonymFindsTheArticleButWeighsLessThanTheMailsOwnWord() {
        let synonyms = ["vpn, remote access"]
        let ranker = SuggestionRanker(settings: .init(threshold: 0, runnerUpShare: 0))
        let ranked = ranker.rank(query("remote access", synonyms: synonyms), vocabulary: vocabulary, candidates: [
            article("says-vpn", title: ["vpn"], has: []),
            article("says-remote-access", title: ["remot", "access"], has: []),
        ])
        #expect(ranked.map(\.id) == ["says-remote-access", "says-vpn"])
        #expect(ranked.last?.score ?? 0 > 0)
    }

    @Test func theMailsLanguageOrdersButDoesNotDecide() {
        let ranker = SuggestionRanker(settings: .init(threshold: 0.1, runnerUpShare: 0))
        var german = query("VPN einrichten")
        german.languageMarkers = ["german": 3]
        let ranked = ranker.rank(german, vocabulary: vocabulary, candidates: [
            article("en", title: ["vpn"], has: [], configuration: "english"),
            article("de", title: ["vpn"], has: [], configuration: "german"),
        ])
        #expect(ranked.first?.id == "de")
        #expect(ranked.count == 2)
    }

    @Test func retrievalAsksForTheRarestWordsWhileTheyFindNoMoreThanTheBudget() {
        let queries = SuggestionRanker().retrievalQueries(for: query("printer vpn o'neil"), vocabulary: vocabulary, budget: (titles: 4, bodies: 4))
        #expect(queries["english"] == .init(titles: nil, bodies: "('vpn')"))
        #expect(SuggestionRanker.quoted("o'neil") == "'o''neil'")
    }

    @Test func commonWordsAloneAreSearchedTogetherOrNotAtAll() {
        #expect(SuggestionRanker.within(100, [("'a'", 500), ("'b'", 400)], of: 10_000) == "('b') & ('a')")
        #expect(SuggestionRanker.within(10, [("'a'", 5_000), ("'b'", 4_000)], of: 10_000) == nil)
    }

    @Test func runnersUpFarBehindTheBestAreLeftOut() {
        let ranker = SuggestionRanker(settings: .init(threshold: 0.05, maximumSuggestions: 3, runnerUpShare: 0.9))
        let ranked = ranker.rank(query("VPN connecting from hotel"), vocabulary: vocabulary, candidates: [
            article("best", title: ["vpn", "connect", "hotel"], has: []),
            article("weak", title: ["connect"], has: []),
        ])
        #expect(ranked.map(\.id) == ["best"])
    }
}
