import DeskgateMail
import DeskgateTestSupport
import DeskgateTransport
import Foundation
import Testing

/// SMTP over libcurl against the real test SMTP server (aiosmtpd).
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_SMTP_PORT"] != nil || TestServices.isCI,
                "needs the test SMTP server (scripts/test.sh starts it)"))
struct CurlSMTPSenderTests {
    func message(_ marker: String, to: String = "anna@customer.example") -> [UInt8] {
        MailComposer.compose(OutgoingMail(
            from: MailboxAddress(name: "Desk", address: "support@desk.example"), to: [MailboxAddress(name: "", address: to)],
            subject: "Test \(marker)", date: 1_796_029_200, messageID: "<\(marker)@desk.example>", text: "Hello \(marker)\n.\n",
            autoSubmitted: .autoReplied, loopMarker: ("X-Deskgate-Loop", "desk.example")))
    }

    @Test func deliversTheBytesWithTheEnvelope() async throws {
        let marker = "smtp-\(UUID().uuidString)"
        let sender = try CurlSMTPSender(settings: try TestSMTP.settings())
        let report = try await sender.send(message(marker), from: "bounces@desk.example", to: ["anna@customer.example", "ben@customer.example"])
        #expect(report.accepted == ["anna@customer.example", "ben@customer.example"])
        let received = try #require(try await TestSMTP.await(1, containing: marker).first)
        #expect(received.mailFrom == "bounces@desk.example")
        #expect(received.recipients == ["anna@customer.example", "ben@customer.example"])
        let parsed = MessageParser().parse(received.raw)
        #expect(parsed.messageID == "<\(marker)@desk.example>")
        // A line of a lone dot survives: libcurl dot-stuffs it.
        #expect(parsed.text.contains("Hello \(marker)\n.\n"))
    }

    @Test func reusesOneConnectionForManyMails() async throws {
        let marker = "reuse-\(UUID().uuidString)"
        let sender = try CurlSMTPSender(settings: try TestSMTP.settings())
        for index in 0..<20 { _ = try await sender.send(message("\(marker)-\(index)"), from: "support@desk.example", to: ["a@b.example"]) }
        #expect(try await TestSMTP.await(20, containing: marker).count == 20)
    }

    @Test func reportsEachRefusedRecipientWithTheServersReply() async throws {
        let marker = "refuse-\(UUID().uuidString)"
        let sender = try CurlSMTPSender(settings: try TestSMTP.settings())
        let report = try await sender.send(message(marker), from: "support@desk.example",
                                           to: ["anna@customer.example", "reject-me@customer.example", "later-me@customer.example"])
        #expect(report.accepted == ["anna@customer.example"])
        #expect(report.refused.map(\.recipient) == ["reject-me@customer.example", "later-me@customer.example"])
        #expect(report.refused.first?.isPermanent == true)
        #expect(report.refused.first?.reply.hasPrefix("550 5.1.1") == true)
        #expect(report.refused.last?.isPermanent == false)
        #expect(try await TestSMTP.await(1, containing: marker).first?.recipients == ["anna@customer.example"])
    }

    @Test func aMailNobodyTakesIsRefusedWithTheReply() async throws {
        let sender = try CurlSMTPSender(settings: try TestSMTP.settings())
        await #expect(throws: TransportError.self) {
            try await sender.send(message("none"), from: "support@desk.example", to: ["reject-all@customer.example"])
        }
    }

    @Test func aServerThatIsNotThereIsUnreachable() async throws {
        let sender = try CurlSMTPSender(settings: try TestSMTP.settings(port: try FreePort.next()))
        do {
            _ = try await sender.send(message("down"), from: "support@desk.example", to: ["a@b.example"])
            Issue.record("sending to a closed port succeeded")
        } catch let error as TransportError {
            #expect(error.kind == .unreachable)
        }
    }
}
