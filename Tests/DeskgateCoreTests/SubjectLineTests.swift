import DeskgateCore
import Testing

@Suite struct SubjectLineTests {
    @Test(arguments: [
        ("Re: Printer", "Printer", false), ("RE: AW: Printer", "Printer", false), ("SV: Printer", "Printer", false),
        ("Réf : Printer", "Printer", false), ("回复：Printer", "Printer", false), ("Re[2]: Printer", "Printer", false),
        ("Fwd: Printer", "Printer", true), ("WG: Re: Printer", "Printer", true), ("TR: Printer", "Printer", true),
        ("Printer: toner low", "Printer: toner low", false), ("Regarding: x", "Regarding: x", false),
    ])
    func prefixesAreRemoved(_ subject: String, _ base: String, _ forward: Bool) {
        let line = SubjectLine(subject)
        #expect(line.base == base)
        #expect(line.isForward == forward)
    }

    @Test func tagsAreRemovedForTheTicketTitle() {
        #expect(SubjectLine("Re: [INC-000001] Re: Printer jam").withoutTags(["INC-000001"]) == "Printer jam")
    }
}

@Suite struct ConversationGroupsTests {
    @Test func relatedMailStaysTogetherInOrder() {
        let groups = ConversationGroups.group([
            ["<a>", "from:anna"],            // 0 opens a ticket
            ["<b>", "from:bob"],             // 1 unrelated
            ["<c>", "<a>", "from:carol"],    // 2 replies to 0
            ["<d>", "from:bob"],             // 3 same sender as 1
            ["<e>", "<c>", "from:dave"],     // 4 replies to 2: joins 0's group through 2
        ])
        #expect(groups == [[0, 2, 4], [1, 3]])
    }

    @Test func keysShareGroupsTransitively() {
        #expect(ConversationGroups.group([["x"], ["y"], ["x", "y"]]) == [[0, 1, 2]])
    }

    @Test func itemsWithoutKeysStandAlone() {
        #expect(ConversationGroups.group([[], [], ["k"]]) == [[0], [1], [2]])
    }
}
