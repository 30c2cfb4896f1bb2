import DeskgateMail
import DeskgateTestSupport
import Foundation
import PostgresNIO
import Testing

/// Outbound mail end to end through the real `deskgate`, PostgreSQL and SMTP server: every
/// mail the server receives is read back with our own parser.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_SMTP_PORT"] != nil || TestServices.isCI,
                "needs the test PostgreSQL and SMTP server (scripts/test.sh starts them)"))
struct OutboundMailTests {
    struct Desk {
        let scratch: ScratchDatabase
        let state: TemporaryDirectory
        var environment: [String: String]

        static func make(smtpPort: Int? = nil, extra: [String: String] = [:]) async throws -> Desk {
            let scratch = try await ScratchDatabase.create()
            let state = try TemporaryDirectory()
            var environment = ["DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": state.path,
                               "DESKGATE_SMTP_URL": try TestSMTP.url(port: smtpPort), "DESKGATE_SMTP_FROM": "IT Desk <support@desk.example>",
                               "DESKGATE_TICKETS_MESSAGE_ID_DOMAIN": "desk.example"]
            environment.merge(extra) { _, new in new }
            return Desk(scratch: scratch, state: state, environment: environment)
        }

        func run(_ arguments: [String]) async throws -> DeskgateBinary.Result {
            try await DeskgateBinary.run(arguments, environment: environment, workingDirectory: state.path)
        }

        func ingest(_ raw: String) async throws -> [String: Any] {
            let file = try state.file("in-\(UUID().uuidString).eml", contents: raw)
            let result = try await run(["ingest", "--json", file])
            #expect(result.status == 0, "\(result.standardError)")
            return (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]) ?? [:]
        }

        func outbox() async throws -> [[String: Any]] {
            let result = try await run(["outbox", "list", "--json"])
            return (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]]) ?? []
        }

        func drop() async { await scratch.drop() }
    }

    static func mail(from: String = "Anna Berg <anna@customer.example>", subject: String, id: String, extra: String = "",
                     body: String = "Outlook crashes every time I open it.") -> String {
        "From: \(from)\r\nTo: support@desk.example\r\nSubject: \(subject)\r\nMessage-ID: <\(id)>\r\n\(extra)Date: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\n\(body)\r\n"
    }

    @Test func theAcknowledgementSuggestsTheArticlesThatAnswerTheMailAndTheTicketKeepsThem() async throws {
        let desk = try await Desk.make(extra: ["DESKGATE_KNOWLEDGE_BASE_URL": "https://wiki.example.com/kb"])
        defer { Task { await desk.drop() } }
        let articles = try TemporaryDirectory()
        _ = try articles.file("kb-vpn.md", contents: """
            ---
            title: Connect to the VPN from home
            tags: [vpn, remote access]
            summary: GlobalProtect, your company account and the authenticator app.
            ---
            Open GlobalProtect from the tray and sign in.
            """)
        _ = try articles.file("kb-printer.md", contents: "---\ntitle: Add a network printer\n---\nUse the FollowMe queue.\n")
        let imported = try await desk.run(["kb", "import", articles.path])
        #expect(imported.status == 0, "\(imported.standardError)")
        let marker = UUID().uuidString
        _ = try await desk.ingest(Self.mail(subject: "VPN does not connect \(marker)", id: "kb-\(marker)@customer.example",
                                            body: "Working from home today and the VPN will not connect."))
        _ = try await desk.run(["outbox", "send"])
        let received = try #require(try await TestSMTP.await(1, containing: marker).first)
        let ack = MessageParser().parse(received.raw)
        #expect(ack.text.contains("Connect to the VPN from home - https://wiki.example.com/kb/kb-vpn"))
        #expect(ack.text.contains("GlobalProtect, your company account and the authenticator app."))
        #expect(!ack.text.contains("network printer"))
        #expect(ack.html?.contains("<a href=\"https://wiki.example.com/kb/kb-vpn\">Connect to the VPN from home</a>") == true)
        let rows = try await desk.scratch.withClient { client in
            var found: [String] = []
            for try await id in try await client.query("SELECT article_id FROM ticket_suggested_articles ORDER BY rank", logger: ScratchDatabase.logger)
                .decode(String.self) { found.append(id) }
            return found
        }
        #expect(rows == ["kb-vpn"])
        let shown = try await desk.run(["ticket", "show", "--json", "INC-000001"])
        let ticket = try #require(try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
        #expect((ticket["suggested_articles"] as? [[String: Any]])?.map { $0["id"] as? String } == ["kb-vpn"])

        // A mail no article answers is acknowledged without the articles paragraph.
        let other = UUID().uuidString
        _ = try await desk.ingest(Self.mail(subject: "Coffee machine leaking \(other)", id: "kb-\(other)@customer.example",
                                            body: "The coffee machine on floor 4 is leaking water."))
        _ = try await desk.run(["outbox", "send"])
        let plain = MessageParser().parse(try #require(try await TestSMTP.await(1, containing: other).first).raw)
        #expect(!plain.text.contains("These articles may already help"))
    }

    @Test func theAcknowledgementIsWellFormedAndThreadedOnTheRequestersMail() async throws {
        let desk = try await Desk.make()
        defer { Task { await desk.drop() } }
        let marker = UUID().uuidString
        let outcome = try await desk.ingest(Self.mail(subject: "Outlook not working \(marker)", id: "ack-\(marker)@customer.example"))
        #expect(outcome["auto_ack"] as? Bool == true)
        let send = try await desk.run(["outbox", "send", "--json"])
        #expect(send.standardOutput.contains("\"sent\":1"), "\(send.standardError)")

        let received = try #require(try await TestSMTP.await(1, containing: marker).first)
        #expect(received.recipients == ["anna@customer.example"])
        let ack = MessageParser().parse(received.raw)
        #expect(ack.subject == "[INC-000001] Outlook not working \(marker)")
        #expect(ack.inReplyTo == ["<ack-\(marker)@customer.example>"])
        #expect(ack.references == ["<ack-\(marker)@customer.example>"])
        #expect(ack.from?.address == "support@desk.example")
        #expect(ack.to.first?.name == "Anna Berg")
        #expect(ack.headers.first("Auto-Submitted")?.text == "auto-replied")
        #expect(ack.headers.first("X-Auto-Response-Suppress")?.text == "All")
        #expect(ack.automatic.kind == .ownLoop)
        #expect(ack.text.contains("INC-000001"))
        #expect(ack.html?.contains("<b>INC-000001</b>") == true)
        #expect(ack.messageID?.hasPrefix("<dg-1-") == true)

        // The requester answers the acknowledgement with the tag removed: our signed ID finds the ticket.
        let reply = try await desk.ingest(Self.mail(subject: "Re: your mail", id: "reply-\(marker)@customer.example",
                                                    extra: "In-Reply-To: \(ack.messageID!)\r\n", body: "More detail."))
        #expect(reply["outcome"] as? String == "follow_up")
        #expect(reply["ticket"] as? String == "INC-000001")
        #expect((reply["reason"] as? String)?.contains("signed Message-ID") == true)
    }

    @Test func agentRepliesAndResolutionNoticesGoToTheRequesterOnTheThread() async throws {
        let desk = try await Desk.make()
        defer { Task { await desk.drop() } }
        let marker = UUID().uuidString
        _ = try await desk.ingest(Self.mail(subject: "Printer \(marker)", id: "p-\(marker)@customer.example",
                                            extra: "Cc: Ben <ben@customer.example>\r\n"))
        let reply = try await desk.run(["ticket", "reply", "INC-000001", "--from", "Dana <dana@desk.example>", "--text",
                                        "Please try turning it off and on again.\n\nDana", "--json"])
        #expect(reply.status == 0, "\(reply.standardError)")
        let resolve = try await desk.run(["ticket", "resolve", "INC-000001", "--note", "Replaced the toner \(marker)"])
        #expect(resolve.status == 0, "\(resolve.standardError)")
        _ = try await desk.run(["outbox", "send"])

        let mails = try await TestSMTP.await(3, containing: marker).map { MessageParser().parse($0.raw) }
        let answer = try #require(mails.first { $0.text.contains("turning it off and on") })
        #expect(answer.headers.first("Auto-Submitted") == nil)
        #expect(answer.cc.map(\.address) == ["ben@customer.example"])
        #expect(answer.references.first == "<p-\(marker)@customer.example>")
        let notice = try #require(mails.first { $0.text.contains("Replaced the toner") })
        #expect(notice.headers.first("Auto-Submitted")?.text == "auto-generated")
        #expect(notice.subject.hasPrefix("[INC-000001]"))
        let show = try await desk.run(["ticket", "show", "INC-000001", "--json"])
        let ticket = try #require(try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as? [String: Any])
        #expect(ticket["first_response_at"] is String)
        #expect(ticket["state"] as? String == "resolved")
    }

    @Test func everyQueuedMailArrivesExactlyOnceAfterTheServerWasDown() async throws {
        let sink = try TestSMTP.PrivateSink()
        let desk = try await Desk.make(smtpPort: sink.port, extra: ["DESKGATE_SMTP_RETRY_AFTER_SECONDS": "1"])
        defer { Task { await desk.drop() } }
        let marker = UUID().uuidString
        for index in 0..<5 {
            _ = try await desk.ingest(Self.mail(from: "user\(index)@customer.example", subject: "Down \(marker) \(index)",
                                                id: "down-\(index)-\(marker)@customer.example"))
        }
        sink.stop()
        let down = try await desk.run(["outbox", "send", "--json"])
        #expect(down.standardOutput.contains("\"retrying\":5"), "\(down.standardOutput) \(down.standardError)")
        #expect(try await desk.outbox().allSatisfy { ($0["last_error"] as? String)?.contains("cannot be reached") == true })
        try sink.start()
        var sent = 0
        for _ in 0..<20 where sent < 5 {
            try await Task.sleep(for: .seconds(1))
            let pass = try await desk.run(["outbox", "send", "--json"])
            sent += (try? JSONSerialization.jsonObject(with: Data(pass.standardOutput.utf8)) as? [String: Int])?["sent"] ?? 0
        }
        let received = try TestSMTP.received(containing: marker, spool: sink.spool)
        let ids = received.compactMap { MessageParser().parse($0.raw).messageID }
        #expect(ids.count == 5)
        #expect(Set(ids).count == 5)
        #expect(try await desk.outbox().allSatisfy { $0["state"] as? String == "sent" })
    }

    @Test func anAutoResponderPingPongStopsAtTheBudget() async throws {
        let desk = try await Desk.make(extra: ["DESKGATE_MAIL_BUDGET_PER_HOUR": "4"])
        defer { Task { await desk.drop() } }
        // The worst peer: it answers every mail with a fresh subject, no references and no
        // Auto-Submitted, so every answer looks like a new request.
        var acknowledged = 0
        for round in 0..<12 {
            let outcome = try await desk.ingest(Self.mail(from: "robot@peer.example", subject: "Thank you for your message (\(round))",
                                                          id: "robot-\(round)-\(UUID().uuidString)@peer.example"))
            if outcome["auto_ack"] as? Bool == true { acknowledged += 1 }
        }
        #expect(acknowledged == 4)
        let suppressed = try await desk.outbox().filter { $0["state"] as? String == "suppressed" }
        #expect(suppressed.count == 8)
        #expect((suppressed.first?["reason"] as? String)?.contains("budget") == true)
    }

    @Test func aHardBounceStopsAutomaticMailToTheAddress() async throws {
        let desk = try await Desk.make()
        defer { Task { await desk.drop() } }
        _ = try await desk.ingest(Self.mail(from: "gone@customer.example", subject: "First", id: "hb-1@customer.example"))
        let ackID = try #require(try await desk.outbox().first?["message_id"] as? String)
        let bounce = """
            From: MAILER-DAEMON@mx.customer.example\r
            To: support@desk.example\r
            Subject: Undelivered Mail Returned to Sender\r
            Message-ID: <hb-bounce@mx.customer.example>\r
            Content-Type: multipart/report; report-type=delivery-status; boundary=B\r
            \r
            --B\r
            Content-Type: text/plain\r
            \r
            Your message could not be delivered.\r
            --B\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; mx.customer.example\r
            \r
            Final-Recipient: rfc822; gone@customer.example\r
            Action: failed\r
            Status: 5.1.1\r
            Diagnostic-Code: smtp; 550 5.1.1 User unknown\r
            \r
            --B\r
            Content-Type: text/rfc822-headers\r
            \r
            Message-ID: \(ackID)\r
            Subject: [INC-000001] First\r
            \r
            --B--\r

            """
        let noted = try await desk.ingest(bounce)
        #expect(noted["outcome"] as? String == "follow_up")
        #expect(noted["auto_ack"] as? Bool == false)
        let second = try await desk.ingest(Self.mail(from: "gone@customer.example", subject: "Second", id: "hb-2@customer.example"))
        #expect(second["outcome"] as? String == "new_ticket")
        #expect(second["auto_ack"] as? Bool == false)
        let suppressed = try #require(try await desk.outbox().last)
        #expect(suppressed["state"] as? String == "suppressed")
        #expect((suppressed["reason"] as? String)?.contains("bounced hard") == true)
    }

    @Test func noneOfTheSharedBouncesAndAutoRepliesGetsAnAcknowledgement() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/sisimai_bounces/inputs").path
        try #require(FileManager.default.fileExists(atPath: corpus), "the shared corpora are at ../shared/corpora")
        let desk = try await Desk.make()
        defer { Task { await desk.drop() } }
        let result = try await desk.run(["ingest", "--json", corpus])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count >= 300)
        // The corpus labels two of its messages as ordinary mail: those, and only those, are acknowledged.
        let cases = try String(contentsOfFile: corpus + "/../cases.jsonl", encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let ordinary = Set(cases.filter { $0["category"] as? String == "not_bounce" }.compactMap { ($0["input"] as? String)?.split(separator: "/").last.map(String.init) })
        #expect(ordinary.count == 2)
        let acknowledged = Set(lines.filter { $0["auto_ack"] as? Bool == true }.compactMap { $0["file"] as? String })
        #expect(acknowledged == ordinary, "acknowledged: \(acknowledged.subtracting(ordinary))")
    }
}
