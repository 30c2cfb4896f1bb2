import DeskgateTestSupport
import DeskgateTransport
import Foundation
import Testing

/// `deskgate poll --once` and `deskgate quarantine` as operators run them, against the real
/// Dovecot and PostgreSQL.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_IMAP_PORT"] != nil || TestServices.isCI,
                "needs the test Dovecot and PostgreSQL (scripts/test.sh starts them)"))
struct PollCommandTests {
    @Test func pollsTheEnvironmentMailboxOnceAndQuarantinesJunk() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let imap = try TestIMAP.client()
        let folder = try await TestIMAP.folder("Cli", with: [TestIMAP.message("printer"), Array("garbage without any header\r\n".utf8)],
                                               client: imap)
        let state = try TemporaryDirectory()
        let environment = [
            "DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": state.path,
            "DESKGATE_IMAP_URL": try TestIMAP.url(folder: folder, query: "move=\(folder)-done"),
        ]

        let first = try await DeskgateBinary.run(["poll", "--once", "--json"], environment: environment, workingDirectory: state.path)
        #expect(first.status == 0, "\(first.standardError)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any])
        let mailbox = try #require((outcome["mailboxes"] as? [[String: Any]])?.first)
        #expect(mailbox["mailbox"] as? String == "env")
        #expect(mailbox["journaled"] as? Int == 2)
        #expect((outcome["processing"] as? [String: Any])?["quarantined"] as? Int == 1)
        #expect(try await imap.status(of: folder).messageCount == 0)

        let second = try await DeskgateBinary.run(["poll", "--once", "--json"], environment: environment, workingDirectory: state.path)
        #expect(second.standardOutput.contains("\"journaled\":0"))

        let list = try await DeskgateBinary.run(["quarantine", "list", "--json"], environment: environment, workingDirectory: state.path)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        let id = try #require(items.first?["id"] as? Int)
        #expect((items.first?["reason"] as? String)?.contains("no header section") == true)

        let show = try await DeskgateBinary.run(["quarantine", "show", "\(id)"], environment: environment, workingDirectory: state.path)
        #expect(show.standardOutput.contains("garbage without any header"))

        let replay = try await DeskgateBinary.run(["quarantine", "replay", "\(id)"], environment: environment, workingDirectory: state.path)
        #expect(replay.status == 0)
        #expect(replay.standardOutput.contains("replayed 1"))
    }

    @Test func anUnknownMailboxIsAnError() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let state = try TemporaryDirectory()
        let result = try await DeskgateBinary.run(["poll", "--once", "--mailbox", "nope"],
                                                  environment: ["DESKGATE_DATABASE_URL": scratch.url], workingDirectory: state.path)
        #expect(result.status == 1)
        #expect(result.standardError.contains("no mailbox named 'nope'"))
    }
}
