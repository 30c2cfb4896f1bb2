import DeskgateCore
import Testing

@Suite struct KindClassifierTests {
    let classifier = KindClassifier()

    @Test(arguments: [
        ("Outlook not working", ""), ("VPN down", ""), ("Drucker kaputt", ""), ("L'imprimante ne fonctionne pas", ""),
        ("Help", "I get an error when I open the file"),
    ])
    func brokenThingsAreIncidents(_ subject: String, _ text: String) {
        #expect(classifier.classify(subject: subject, text: text).kind == .incident)
    }

    @Test(arguments: [
        ("Please install Visio", ""), ("Access to the finance share", ""), ("New laptop for new starter", ""),
        ("Zugang zum Laufwerk", ""), ("J'ai besoin de Photoshop", "besoin de la licence"),
    ])
    func wantedThingsAreRequests(_ subject: String, _ text: String) {
        #expect(classifier.classify(subject: subject, text: text).kind == .request)
    }

    @Test func wordsMatchWholeOnly() {
        // "download" is not "down".
        #expect(classifier.classify(subject: "download link", text: "").reason.contains("no incident or request wording"))
    }

    @Test func undecidedMailTakesTheMailboxDefaultThenTheDesks() {
        #expect(classifier.classify(subject: "Hello", text: "", mailboxDefault: .request).kind == .request)
        #expect(classifier.classify(subject: "Hello", text: "").kind == .incident)
    }

    @Test func configuredPhrasesReplaceTheDefaults() {
        let custom = KindClassifier(incidentPhrases: ["sos"], requestPhrases: ["wish"], defaultKind: .request)
        #expect(custom.classify(subject: "SOS", text: "").kind == .incident)
        #expect(custom.classify(subject: "not working", text: "").kind == .request)
    }
}

@Suite struct PriorityAssessorTests {
    let assessor = PriorityAssessor(vips: ["ceo@corp.example", "@board.example"])

    func priority(_ subject: String, _ text: String = "", sender: String = "a@corp.example", xPriority: Int? = nil, importance: String? = nil) -> Priority {
        assessor.assess(subject: subject, text: text, sender: sender, xPriority: xPriority, importance: importance).priority
    }

    @Test func anOrdinaryProblemIsP3() { #expect(priority("Printer jam") == .p3) }
    @Test func urgentWordingRaisesUrgency() { #expect(priority("URGENT: printer jam") == .p2) }
    @Test func wideImpactAndUrgencyIsP1() { #expect(priority("Mail down", "Nobody can send mail, the whole company is blocked") == .p1) }
    @Test func headersRaiseUrgency() {
        #expect(priority("Printer", xPriority: 1) == .p2)
        #expect(priority("Printer", importance: "high") == .p2)
    }
    @Test func noRushLowersIt() { #expect(priority("New mouse", "no rush") == .p4) }
    @Test func vipsWeighOneImpactLevelMore() {
        #expect(priority("Printer jam", sender: "ceo@corp.example") == .p3)
        #expect(priority("Printer jam", "urgent", sender: "chair@board.example") == .p2)
        #expect(priority("Printer jam", "our team", sender: "chair@board.example") == .p2)
    }

    @Test func matrixReadsRowsAndRefusesWrongShapes() throws {
        let matrix = try PriorityMatrix(rows: ["P1 P1 P2", "P2 P2 P3", "P3 P4 P4"])
        #expect(matrix.priority(impact: .high, urgency: .medium) == .p1)
        #expect(throws: PriorityMatrix.Problem.wrongShape) { try PriorityMatrix(rows: ["P1 P2"]) }
        #expect(throws: PriorityMatrix.Problem.unknownPriority("P9")) { try PriorityMatrix(rows: ["P1 P2 P9", "P1 P1 P1", "P1 P1 P1"]) }
    }
}

@Suite struct RouterTests {
    let router = Router(rules: [
        RoutingRule(name: "hr", toAddresses: ["hr-it@desk.example"], category: "HR systems", group: "HR IT"),
        RoutingRule(name: "network", keywords: ["vpn", "wifi"], category: "Network", group: "Network team"),
        RoutingRule(name: "partners", senderDomains: ["partner.example"], group: "Partner desk", kind: .request),
    ])

    @Test func firstMatchingRuleWins() {
        let route = router.route(mailbox: "support", recipients: ["hr-it@desk.example"], sender: "a@x.example", subject: "VPN", text: "")
        #expect(route.rule == "hr")
        #expect(route.group == "HR IT")
    }

    @Test func keywordsAndSenderDomainsRoute() {
        #expect(router.route(mailbox: "support", recipients: [], sender: "a@x.example", subject: "WiFi slow", text: "").category == "Network")
        let partner = router.route(mailbox: "support", recipients: [], sender: "b@partner.example", subject: "Hi", text: "")
        #expect(partner.kind == .request)
    }

    @Test func nothingMatchedSaysSo() {
        #expect(router.route(mailbox: "support", recipients: [], sender: "a@x.example", subject: "Hi", text: "").rule == nil)
    }
}
