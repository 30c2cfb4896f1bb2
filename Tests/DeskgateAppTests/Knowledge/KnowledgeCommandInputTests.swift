@testable import DeskgateApp
import Testing

/// How `kb suggest` reads what it is given: a whole mail, a subject line over a body, or words.
struct KnowledgeCommandInputTests {
    @Test func aWholeMailGivesItsSubjectAndNewText() {
        let (subject, text) = KnowledgeCommands.words(of: "From: a@b.example\nSubject: VPN down\n\nIt drops.\n\n> old quoted text\n")
        #expect(subject == "VPN down")
        #expect(text.contains("It drops.") && !text.contains("old quoted"))
    }

    @Test func aShortFirstLineOverAnEmptyOneIsTheSubject() {
        let (subject, text) = KnowledgeCommands.words(of: "VPN not connecting\n\nHi, I am at home and it fails.")
        #expect(subject == "VPN not connecting")
        #expect(text == "Hi, I am at home and it fails.")
    }

    @Test func plainWordsAreTheRequest() {
        let (subject, text) = KnowledgeCommands.words(of: "printer jammed on floor 3")
        #expect(subject.isEmpty)
        #expect(text == "printer jammed on floor 3")
    }
}
