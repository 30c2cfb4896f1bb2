import DeskgateTestSupport
import Foundation
import Testing

/// `deskgate parse` exactly as ../shared/CLI-CONTRACT.md describes it.
@Suite struct ParseCommandTests {
    static let message = """
        From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.com>\r
        To: help@example.com\r
        Subject: [INC-000123] VPN down\r
        Message-ID: <abc@example.com>\r
        In-Reply-To: <ack@desk.example.com>\r
        Date: Sun, 29 Nov 2026 22:09:08 +0100\r
        Content-Type: multipart/mixed; boundary=b\r
        \r
        --b\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Still down.\r
        \r
        On Sun, 29 Nov 2026 at 21:00, Help <help@example.com> wrote:\r
        > Please restart.\r
        --b\r
        Content-Type: text/plain; name="../../etc/passwd"\r
        Content-Disposition: attachment; filename="../../etc/passwd"\r
        \r
        not really\r
        --b--\r

        """

    func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func printsOneContractObjectPerMessage() async throws {
        let directory = try TemporaryDirectory()
        let first = try directory.file("01.eml", contents: Self.message)
        let second = try directory.file("02.eml", contents: "From: a@example.com\r\nSubject: plain\r\n\r\nhello\r\n")
        let result = try await DeskgateBinary.run(["parse", first, second])
        #expect(result.status == 0, "\(result.standardError)")
        let parsed = try objects(result.standardOutput)
        #expect(parsed.count == 2)
        let object = parsed[0]
        #expect(object["message_id"] as? String == "<abc@example.com>")
        #expect(object["in_reply_to"] as? [String] == ["<ack@desk.example.com>"])
        #expect(object["date"] as? String == "2026-11-29T21:09:08Z")
        #expect((object["from"] as? [String: Any])?["name"] as? String == "Jörg Müller")
        #expect(object["subject"] as? String == "[INC-000123] VPN down")
        #expect(object["reply_text"] as? String == "Still down.")
        #expect(object["ticket_refs"] as? [String] == ["INC-000123"])
        #expect((object["auto"] as? [String: Any])?["kind"] as? String == "none")
        #expect(object["bounce"] is NSNull)
        #expect(object["html"] is NSNull)
        let attachment = try #require((object["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["size"] as? Int == 10)
        #expect((attachment["sha256"] as? String)?.count == 64)
        #expect(attachment["inline"] as? Bool == false)
        #expect(parsed[1]["subject"] as? String == "plain")
        for key in ["message_id", "in_reply_to", "references", "date", "from", "reply_to", "to", "cc", "subject", "text",
                    "html", "reply_text", "signature", "attachments", "auto", "bounce", "ticket_refs", "warnings"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
    }

    @Test func extractsAttachmentsUnderSafeNames() async throws {
        let directory = try TemporaryDirectory()
        let input = try directory.file("mail.eml", contents: Self.message)
        let out = directory.path + "/out"
        let result = try await DeskgateBinary.run(["parse", "--extract", out, input])
        #expect(result.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/mail.eml")
        #expect(files == ["0-_.._etc_passwd"])
        #expect(try String(contentsOfFile: out + "/mail.eml/" + files[0], encoding: .utf8) == "not really")
    }

    @Test func readsStandardInput() async throws {
        let directory = try TemporaryDirectory()
        let input = try directory.file("mail.eml", contents: "From: a@example.com\r\nSubject: from stdin\r\n\r\nhi\r\n")
        let result = try await DeskgateBinary.run(["-c", "exec \"$0\" parse - < \"$1\"", DeskgateBinary.url.path, input],
                                                  shell: true)
        #expect(result.status == 0)
        #expect(try objects(result.standardOutput).first?["subject"] as? String == "from stdin")
    }

    @Test func anUnreadableInputStillYieldsAnObjectAndExitsOne() async throws {
        let directory = try TemporaryDirectory()
        let good = try directory.file("good.eml", contents: "From: a@example.com\r\n\r\nhi\r\n")
        let result = try await DeskgateBinary.run(["parse", directory.path + "/missing.eml", good])
        #expect(result.status == 1)
        let parsed = try objects(result.standardOutput)
        #expect(parsed.count == 2)
        #expect(parsed[0]["error"] is String)
        #expect(parsed[1]["error"] == nil)
    }

    @Test func parsesEverySharedCorpusMessageWithoutFailing() async throws {
        let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora/sisimai_bounces/inputs")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: corpora.path) else {
            #expect(!TestServices.isCI, "../shared/corpora is missing")
            return
        }
        let files = names.sorted().map { corpora.path + "/" + $0 }
        let result = try await DeskgateBinary.run(["parse"] + files)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == files.count)
    }
}
