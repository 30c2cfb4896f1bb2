import DeskgateMail
import Foundation
import Testing

/// What we send is read back with our own parser: everything must survive the trip.
@Suite struct MailComposerTests {
    static let mail = OutgoingMail(
        from: MailboxAddress(name: "IT Service Desk", address: "support@desk.example"),
        to: [MailboxAddress(name: "Müller, Jörg", address: "joerg@customer.example")],
        cc: [MailboxAddress(name: "", address: "anna@münchen.example")],
        replyTo: [MailboxAddress(name: "", address: "support@desk.example")],
        subject: "[INC-000123] Drucker im 2. Stock druckt nicht – Störung seit Montag früh, bitte dringend prüfen",
        date: 1_796_029_200, messageID: "<dg-123-abc-def@desk.example>",
        inReplyTo: ["<orig@customer.example>"], references: ["<root@customer.example>", "<orig@customer.example>"],
        text: "Guten Tag,\n\n" + String(repeating: "Wir haben Ihre Meldung erhalten und kümmern uns darum. ", count: 4) + "\n.\nIhr Service Desk\n",
        html: "<p>Guten Tag,</p><p>Wir haben Ihre Meldung <b>erhalten</b>.</p>", language: "de",
        autoSubmitted: .autoReplied, loopMarker: ("X-Deskgate-Loop", "desk.example"))

    let parsed = MessageParser().parse(MailComposer.compose(Self.mail))

    @Test func isSevenBitWithShortLines() {
        let bytes = MailComposer.compose(Self.mail)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
    }

    @Test func headersDecodeToWhatWasSent() {
        #expect(parsed.subject == Self.mail.subject)
        #expect(parsed.from?.address == "support@desk.example")
        #expect(parsed.to.first?.name == "Müller, Jörg")
        #expect(parsed.to.first?.address == "joerg@customer.example")
        #expect(parsed.cc.first?.address == "anna@münchen.example")
        #expect(parsed.messageID == "<dg-123-abc-def@desk.example>")
        #expect(parsed.date == 1_796_029_200)
    }

    @Test func threadsOnTheRequestersMail() {
        #expect(parsed.inReplyTo == ["<orig@customer.example>"])
        #expect(parsed.references == ["<root@customer.example>", "<orig@customer.example>"])
    }

    @Test func textAndHTMLBothDecode() {
        #expect(parsed.text.contains("kümmern uns darum. Wir haben"))
        #expect(parsed.text.contains("\n.\nIhr Service Desk"))
        #expect(parsed.html?.contains("<b>erhalten</b>") == true)
    }

    @Test func saysItIsAutomaticAndOursSoItNeverLoops() {
        #expect(parsed.headers.first("Auto-Submitted")?.text == "auto-replied")
        #expect(parsed.headers.first("X-Auto-Response-Suppress")?.text == "All")
        #expect(parsed.automatic.kind == .ownLoop)
    }

    @Test func sameMailComposesToTheSameBytes() {
        #expect(MailComposer.compose(Self.mail) == MailComposer.compose(Self.mail))
    }

    @Test func textOnlyMailIsSinglePart() {
        var mail = Self.mail
        mail.html = nil
        let text = String(decoding: MailComposer.compose(mail), as: UTF8.self)
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(!text.contains("multipart"))
    }
}
