@testable import DeskgateMail
import Testing

@Suite struct ReplyTextTests {
    let parser = MessageParser()

    @Test(arguments: [
        "On Mon, 30 Nov 2026 at 09:12, Help Desk <help@example.com> wrote:",
        "Am 30.11.2026 um 09:12 schrieb Help Desk <help@example.com>:",
        "Le lun. 30 nov. 2026 à 09:12, Help Desk <help@example.com> a écrit :",
        "El lun, 30 nov 2026 a las 9:12, Help Desk (<help@example.com>) escribió:",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
    ])
    func cutsQuotedHistoryOfTheCommonClients(_ header: String) {
        let body = "Still broken, see screenshot.\n\n\(header)\n> Did you restart it?\n> Regards, IT"
        #expect(ReplyTrimmer.trim(body).reply == "Still broken, see screenshot.")
    }

    @Test func cutsOutlookHeaderBlocks() {
        let body = "Thanks, works now.\n\nFrom: Help Desk <help@example.com>\nSent: Monday, 30 November 2026 09:12\nTo: Jörg\nSubject: RE: VPN\n\nPlease try again."
        #expect(ReplyTrimmer.trim(body).reply == "Thanks, works now.")
    }

    @Test func separatesTheSignature() {
        let result = ReplyTrimmer.trim("The printer jams.\n\n-- \nJörg Müller\nAccounting")
        #expect(result.reply == "The printer jams.")
        #expect(result.signature == "Jörg Müller\nAccounting")
    }

    @Test func dropsMobileSignatures() {
        #expect(ReplyTrimmer.trim("Still down.\n\nSent from my iPhone").reply == "Still down.")
        #expect(ReplyTrimmer.trim("Immer noch kaputt.\n\nVon meinem iPhone gesendet").reply == "Immer noch kaputt.")
    }

    @Test func keepsTheWholeTextWhenStrippingWouldLeaveNothing() {
        let message = parser.parse(mail("From: a@example.com\nSubject: fwd\n\n> only a quote\n> nothing else"))
        #expect(message.replyText == "> only a quote\n> nothing else")
    }

    @Test func stripsGmailQuoteContainersFromHTMLOnlyMail() {
        let message = parser.parse(mail("""
            From: a@example.com
            Content-Type: text/html; charset=utf-8

            <div>Yes, since 9 am.</div><div class="gmail_quote">On Mon, Nov 30, 2026 at 9:00 AM Help &lt;help@example.com&gt; wrote:<br><blockquote class="gmail_quote">Is the VPN down?</blockquote></div>
            """))
        #expect(message.replyText == "Yes, since 9 am.")
    }
}

@Suite struct AutomaticMailTests {
    let parser = MessageParser()

    func kind(_ headers: String, subject: String = "Hello") -> ParsedMessage.AutoKind {
        parser.parse(mail("From: someone@example.com\nSubject: \(subject)\n\(headers)\n\nbody")).automatic.kind
    }

    @Test func personalMailIsNotAutomatic() { #expect(kind("X-Mailer: Thunderbird") == ParsedMessage.AutoKind.none) }
    @Test func autoSubmittedIsAnAutoReply() { #expect(kind("Auto-Submitted: auto-replied") == .autoReply) }
    @Test func autoSubmittedNoIsNot() { #expect(kind("Auto-Submitted: no") == ParsedMessage.AutoKind.none) }
    @Test func xAutoreplyIsAnAutoReply() { #expect(kind("X-Autoreply: yes") == .autoReply) }
    @Test func exchangeOutOfOffice() { #expect(kind("X-Auto-Response-Suppress: All", subject: "Automatic reply: Hello") == .autoReply) }
    @Test func outOfOfficeSubjects() { #expect(kind("", subject: "Abwesenheitsnotiz: Hello") == .autoReply) }
    @Test func precedenceBulkIsBulk() { #expect(kind("Precedence: bulk") == .bulk) }
    @Test func listMailIsBulk() { #expect(kind("List-Id: <staff.example.com>") == .bulk) }
    @Test func ourOwnMailComingBackIsALoop() { #expect(kind("X-Deskgate-Loop: desk-1") == .ownLoop) }

    @Test func mailerDaemonIsABounce() {
        let message = parser.parse(mail("From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail Returned to Sender\n\nThe following address failed:\n\n  nobody@example.org\n    550 5.1.1 user unknown"))
        #expect(message.automatic.kind == .bounce)
        #expect(message.bounce?.recipients.first?.address == "nobody@example.org")
        #expect(message.bounce?.recipients.first?.hard == true)
    }

    @Test func readsRFC3464ReportsWithTheOriginalMessageID() {
        let message = parser.parse(mail("""
            From: postmaster@example.com
            Subject: Delivery Status Notification (Failure)
            Content-Type: multipart/report; report-type=delivery-status; boundary=r

            --r
            Content-Type: text/plain

            Your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.com

            Final-Recipient: rfc822; gone@example.org
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected

            Final-Recipient: rfc822; later@example.org
            Action: delayed
            Status: 4.2.2
            --r
            Content-Type: text/rfc822-headers

            Message-ID: <ack-123@desk.example.com>
            Subject: [INC-000123] We received your request
            --r--
            """))
        #expect(message.automatic.kind == .bounce)
        let recipients = message.bounce?.recipients ?? []
        #expect(recipients.map(\.address) == ["gone@example.org", "later@example.org"])
        #expect(recipients.map(\.hard) == [true, false])
        #expect(recipients.first?.smtpCode == 550)
        #expect(message.bounce?.originalMessageID == "<ack-123@desk.example.com>")
    }
}
