@testable import DeskgateCore
import Testing

struct SuggestionQueryTests {
    let builder = SuggestionQueryBuilder()

    @Test func greetingSignOffAndStopWordsAreNotPartOfTheQuestion() {
        let query = builder.build(subject: "", text: """
            Hi team,

            the printer on floor 3 is jammed again, please help.

            Thanks a lot,
            Maria Schmidt
            Accounting
            """)
        #expect(query.concepts.map(\.text) == ["printer", "floor", "jammed"])
        #expect(query.concepts.allSatisfy { !$0.inSubject })
    }

    @Test func subjectWordsAreMarkedAndTheTicketTagIsDropped() {
        let query = builder.build(subject: "RE: [INC-000123] VPN drops", text: "It drops every hour.")
        #expect(query.concepts.map(\.text) == ["vpn", "drops", "hour"])
        #expect(query.concepts[0].inSubject && query.concepts[1].inSubject && !query.concepts[2].inSubject)
        #expect(query.concepts[1].mentions == 2)
    }

    @Test func aSynonymPhraseIsOneConceptWithEveryWayOfSayingIt() {
        let synonyms = SynonymList(lines: ["vpn, remote access, globalprotect"])
        let query = SuggestionQueryBuilder(synonyms: synonyms).build(subject: "", text: "remote access broken")
        #expect(query.concepts.first?.alternatives == [["vpn"], ["remote", "access"], ["globalprotect"]])
        #expect(query.concepts.first?.said == ["remote", "access"])
        #expect(query.concepts.map(\.text) == ["vpn", "broken"])
    }

    @Test func errorCodesStayAndDatesGo() {
        let query = builder.build(subject: "", text: "Error 0x80070002 since 2024, code 404 at 10:30")
        #expect(query.concepts.map(\.text) == ["error", "0x80070002", "code", "404"])
    }

    @Test func wordsJoinAcrossInnerHyphensAndApostrophes() {
        #expect(SuggestionQueryBuilder.words(in: "Wi-Fi isn't up - o365 v2.1.").map(\.text) == ["wi-fi", "isn't", "up", "o365", "v2.1"])
    }

    @Test func aSentenceThatStartsWithThanksIsNotASignOff() {
        #expect(!SuggestionQueryBuilder.isSignOff("Thanks to the update, Outlook crashes on start now"))
        #expect(SuggestionQueryBuilder.isSignOff("Kind regards,"))
        #expect(SuggestionQueryBuilder.isSignOff("Mit freundlichen Grüßen"))
    }

    @Test func languageMarkersAreCountedPerSearchConfiguration() {
        let query = builder.build(subject: "", text: "Ich habe mein Passwort vergessen und bitte um Hilfe")
        #expect(query.languageMarkers["german"] ?? 0 >= 3)
    }

    @Test func longMailsKeepTheirFirstConcepts() {
        let words = (1...40).map { "word\($0)x" }.joined(separator: " ")
        #expect(SuggestionQueryBuilder(maximumConcepts: 5).build(subject: "", text: words).concepts.map(\.text)
                == ["word1x", "word2x", "word3x", "word4x", "word5x"])
    }
}
