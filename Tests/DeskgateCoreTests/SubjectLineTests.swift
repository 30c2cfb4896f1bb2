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
