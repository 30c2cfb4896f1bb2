import DeskgateStore
import DeskgateTestSupport
import DeskgateTransport
import Foundation
import PostgresNIO
import Testing

/// `deskgate serve` polling for real: an IMAP mailbox and the local Maildir inbox.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_IMAP_PORT"] != nil || TestServices.isCI,
                "needs the test Dovecot and PostgreSQL (scripts/test.sh starts them)"))
struct ServeIntakeTests {
    func journalCount(_ scratch: ScratchDatabase) async throws -> Int {
        try await scratch.withClient { client in
            try await InboundJournal(client: client, logger: ScratchDatabase.logger).count()
        }
    }

    @Test func journalsMailFromIMAPAndTheLocalMaildirThenStops() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let folder = try await TestIMAP.folder("Srv", with: [TestIMAP.message("via imap")], client: try TestIMAP.client())

        let state = try TemporaryDirectory()
        let httpPort = try FreePort.next()
        let server = try DeskgateBinary.start(["serve"], environment: [
            "DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": state.path, "DESKGATE_HTTP_PORT": "\(httpPort)",
            "DESKGATE_IMAP_URL": try TestIMAP.url(folder: folder),
        ], workingDirectory: state.path)
        _ = try await HTTPProbe.waitForOK("http://127.0.0.1:\(httpPort)/healthz", process: server)

        // A message delivered into the local Maildir the way an MTA does: tmp/, then new/.
        let tmp = state.path + "/inbox/tmp/1.host"
        try "From: b@example.com\r\nSubject: via maildir\r\nMessage-ID: <s2@example.com>\r\n\r\ny\r\n".write(toFile: tmp, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: tmp, toPath: state.path + "/inbox/new/1.host")

        let deadline = ContinuousClock.now + .seconds(30)
        while try await journalCount(scratch) < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await journalCount(scratch) == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path + "/inbox/new").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path + "/inbox/cur") == ["1.host:2,S"])
        let ready = try await HTTPProbe.get("http://127.0.0.1:\(httpPort)/readyz")
        #expect(ready.body.contains("env: ok"))

        server.signal(SIGTERM)
        let result = await server.finish(timeout: .seconds(30))
        #expect(result.status == 0, "\(result.standardError)")
    }
}
