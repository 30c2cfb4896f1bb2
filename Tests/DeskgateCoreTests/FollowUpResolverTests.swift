import DeskgateCore
import Foundation
import Testing

@Suite struct FollowUpResolverTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let resolver = FollowUpResolver(policy: ThreadingPolicy(
        reopenWindow: 7 * 86_400, trustedDomains: ["corp.example"], agents: ["agent@desk.example"],
        ownAddresses: ["support@desk.example"]))

    func ticket(_ state: TicketState = .inProgress, resolvedDaysAgo: Double? = nil) -> TicketFacts {
        TicketFacts(id: 1, number: 1, reference: "INC-000001", kind: .incident, state: state,
                    resolvedAt: resolvedDaysAgo.map { now.addingTimeInterval(-$0 * 86_400) },
                    requester: "anna@customer.example", participants: ["anna@customer.example", "ben@customer.example"])
    }

    func mail(from: String? = "anna@customer.example", subject: String = "Re: [INC-000001] Printer",
              refs: [String] = ["INC-000001"], inReplyTo: [String] = [], automation: InboundMail.Automation = .none) -> InboundMail {
        InboundMail(messageID: "<m1@customer.example>", inReplyTo: inReplyTo, from: from, subject: subject, replyText: "thanks",
                    automation: automation, automationReason: "Auto-Submitted: auto-replied", subjectReferences: refs)
    }

    @Test func subjectTagFromTheRequesterIsAFollowUp() {
        let decision = resolver.decide(mail(), facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket()]), now: now)
        #expect(decision.outcome == .followUp)
        #expect(decision.match == .subjectTag)
        #expect(decision.ticket?.reference == "INC-000001")
        #expect(decision.reason.contains("the requester"))
    }

    @Test func unknownTagOpensANewTicketAndSaysWhy() {
        let decision = resolver.decide(mail(refs: ["INC-999999"]), facts: ThreadFacts(), now: now)
        #expect(decision.outcome == .newTicket)
        #expect(decision.reason.contains("INC-999999 is no ticket of ours"))
    }

    @Test func sameMessageIDAlreadyRecordedIsADuplicateBeforeAnythingElse() {
        let facts = ThreadFacts(alreadyRecorded: true, alreadyRecordedOn: ticket(), ticketsByReference: ["INC-000001": ticket(.closed)])
        let decision = resolver.decide(mail(), facts: facts, now: now)
        #expect(decision.outcome == .duplicate)
        #expect(decision.rule == .duplicateMessageID)
        #expect(decision.ticket?.reference == "INC-000001")
    }

    @Test func signedMessageIDFindsTheTicketWhenTheSubjectLostItsTag() {
        let facts = ThreadFacts(ticketsBySignedMessageID: ["<dg.1.x@desk.example>": ticket()])
        let decision = resolver.decide(mail(subject: "Re: something else", refs: [], inReplyTo: ["<dg.1.x@desk.example>"]), facts: facts, now: now)
        #expect(decision.outcome == .followUp)
        #expect(decision.match == .signedMessageID)
    }

    @Test func storedMessageIDFindsTheTicketOfAColleaguesMail() {
        let facts = ThreadFacts(ticketsByMessageID: ["<orig@customer.example>": ticket()])
        let decision = resolver.decide(mail(from: "ben@customer.example", subject: "Re: Printer", refs: [], inReplyTo: ["<orig@customer.example>"]),
                                       facts: facts, now: now)
        #expect(decision.outcome == .followUp)
        #expect(decision.match == .knownMessageID)
        #expect(decision.reason.contains("a participant"))
    }

    @Test func forwardedMailStartsANewConversationDespiteItsReferences() {
        let facts = ThreadFacts(ticketsByMessageID: ["<orig@customer.example>": ticket()])
        let decision = resolver.decide(mail(subject: "Fwd: Printer", refs: [], inReplyTo: ["<orig@customer.example>"]), facts: facts, now: now)
        #expect(decision.outcome == .newTicket)
        #expect(decision.rule == .newConversation)
    }

    @Test func strangerWithAValidTagGetsANewLinkedTicket() {
        let decision = resolver.decide(mail(from: "mallory@evil.example"), facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket()]), now: now)
        #expect(decision.outcome == .newTicket)
        #expect(decision.rule == .strangerWithReference)
        #expect(decision.linkedTo?.reference == "INC-000001")
    }

    @Test func agentsAndTrustedDomainsMayAddToAnyTicket() {
        for sender in ["agent@desk.example", "carol@corp.example"] {
            let decision = resolver.decide(mail(from: sender), facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket()]), now: now)
            #expect(decision.outcome == .followUp, "\(sender)")
        }
    }

    @Test func replyToResolvedTicketWithinTheWindowReopensIt() {
        let decision = resolver.decide(mail(), facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket(.resolved, resolvedDaysAgo: 2)]), now: now)
        #expect(decision.outcome == .followUp)
        #expect(decision.reopens)
        #expect(decision.rule == .reopenResolved)
    }

    @Test func replyToResolvedTicketAfterTheWindowOpensALinkedTicket() {
        let decision = resolver.decide(mail(), facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket(.resolved, resolvedDaysAgo: 30)]), now: now)
        #expect(decision.outcome == .newTicket)
        #expect(decision.rule == .replyAfterReopenWindow)
        #expect(!decision.reopens)
    }

    @Test func replyToClosedTicketOpensALinkedTicket() {
        let decision = resolver.decide(mail(), facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket(.closed)]), now: now)
        #expect(decision.outcome == .newTicket)
        #expect(decision.rule == .replyToClosed)
        #expect(decision.linkedTo?.reference == "INC-000001")
    }

    @Test(arguments: [InboundMail.Automation.autoReply, .bounce, .bulk, .deliveryStatus])
    func automaticMailOnATicketIsANoteThatNeverReopens(_ automation: InboundMail.Automation) {
        let decision = resolver.decide(mail(from: "mailer-daemon@customer.example", automation: automation),
                                       facts: ThreadFacts(ticketsByReference: ["INC-000001": ticket(.resolved, resolvedDaysAgo: 1)]), now: now)
        #expect(decision.outcome == .followUp)
        #expect(decision.isSystemNote)
        #expect(!decision.reopens)
    }

    @Test func automaticMailWithoutATicketIsIgnoredWithItsReason() {
        let decision = resolver.decide(mail(subject: "Out of office", refs: [], automation: .autoReply), facts: ThreadFacts(), now: now)
        #expect(decision.outcome == .ignored)
        #expect(decision.reason.contains("Auto-Submitted"))
    }

    @Test func bounceFindsItsTicketThroughTheBouncedMessageID() {
        var bounce = mail(from: "mailer-daemon@mx.example", subject: "Undelivered Mail Returned to Sender", refs: [], automation: .bounce)
        bounce.bouncedMessageID = "<dg.1.x@desk.example>"
        let decision = resolver.decide(bounce, facts: ThreadFacts(ticketsBySignedMessageID: ["<dg.1.x@desk.example>": ticket()]), now: now)
        #expect(decision.outcome == .followUp)
        #expect(decision.isSystemNote)
    }

    @Test func ourOwnMailComingBackIsIgnored() {
        #expect(resolver.decide(mail(automation: .ownLoop), facts: ThreadFacts(), now: now).rule == .ownLoop)
        #expect(resolver.decide(mail(from: "support@desk.example"), facts: ThreadFacts(), now: now).rule == .fromOwnAddress)
    }

    @Test func mailWithoutASenderIsQuarantined() {
        #expect(resolver.decide(mail(from: nil), facts: ThreadFacts(), now: now).outcome == .quarantined)
    }
}

@Suite struct LoopGovernorTests {
    let governor = LoopGovernor(budget: .init(perHour: 3, perDay: 5), ownAddresses: ["support@desk.example"])

    func verdict(_ recipient: String = "anna@customer.example", trigger: InboundMail.Automation? = InboundMail.Automation.none,
                 hour: Int = 0, day: Int = 0, until: Date? = nil) -> LoopGovernor.Verdict {
        governor.check(recipient: recipient, trigger: trigger, sentLastHour: hour, sentLastDay: day, undeliverableUntil: until)
    }

    @Test func aPersonWithinBudgetGetsMail() { #expect(verdict() == .send) }

    @Test(arguments: [InboundMail.Automation.autoReply, .bounce, .bulk, .ownLoop, .feedbackReport])
    func automaticMailIsNeverAnswered(_ trigger: InboundMail.Automation) {
        #expect(verdict(trigger: trigger) != .send)
    }

    @Test(arguments: ["noreply@x.example", "no-reply+abc@x.example", "MAILER-DAEMON@x.example", "support@desk.example"])
    func addressesThatCannotAnswerGetNothing(_ address: String) {
        #expect(verdict(address) != .send)
    }

    @Test func theBudgetStopsALoop() {
        #expect(verdict(hour: 2, day: 2) == .send)
        #expect(verdict(hour: 3, day: 3) != .send)
        #expect(verdict(hour: 0, day: 5) != .send)
    }

    @Test func aHardBounceStopsAutomaticMail() {
        #expect(verdict(until: Date(timeIntervalSinceNow: 3600)) != .send)
    }
}

@Suite struct LanguageGuessTests {
    let available: Set<String> = ["en", "de"]

    @Test func theDeclaredLanguageWins() {
        #expect(LanguageGuess.pick(declared: "de-CH", text: "the printer is broken", available: available, fallback: "en") == "de")
    }

    @Test func theWordsDecideOtherwise() {
        #expect(LanguageGuess.pick(declared: nil, text: "Hallo, der Drucker geht nicht und ich kann nicht drucken.", available: available, fallback: "en") == "de")
        #expect(LanguageGuess.pick(declared: nil, text: "Hello, the printer is not working and I can not print.", available: available, fallback: "de") == "en")
    }

    @Test func tooLittleToGoOnTakesTheDesksDefault() {
        #expect(LanguageGuess.pick(declared: "fr", text: "VPN", available: available, fallback: "de") == "de")
    }
}
