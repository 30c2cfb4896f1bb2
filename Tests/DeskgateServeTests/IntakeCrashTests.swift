import DeskgateStore
import DeskgateTestSupport
import DeskgateTransport
import Foundation
import PostgresNIO
import Testing

/// The promise "no mail lost, none twice", tested the hard way: `deskgate serve` killed with
/// SIGKILL at random moments while it takes in 2,000 messages, then allowed to finish.
@Suite(.serialized, .enabled(if: TestServices.environment["DESKGATE_TEST_IMAP_PORT"] != nil || TestServices.isCI,
                             "needs the test Dovecot and PostgreSQL (scripts/test.sh starts them)"))
struct IntakeCrashTests {
    static let messageCount = 2_000

    func counts(_ scratch: ScratchDatabase) async throws -> (total: Int, distinct: Int) {
        try await scratch.withClient { client in
            let rows = try await client.query(
                "SELECT count(*)::bigint, count(DISTINCT message_id)::bigint FROM inbound_journal", logger: ScratchDatabase.logger)
            for try await (total, distinct) in rows.decode((Int64, Int64).self) { return (Int(total), Int(distinct)) }
            return (0, 0)
        }
    }

    @Test func killingServeAtRandomMomentsLosesAndDuplicatesNothing() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let imap = try TestIMAP.client()
        let folder = try await TestIMAP.folder("Crash", client: imap)
        for index in 0..<Self.messageCount { try await imap.append(TestIMAP.message("crash test \(index)"), to: folder) }

        let state = try TemporaryDirectory()
        let environment = [
            "DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": state.path,
            "DESKGATE_IMAP_URL": try TestIMAP.url(folder: folder, query: "move=\(folder)-done"),
        ]
        var kills = 0
        for _ in 0..<5 {
            let server = try DeskgateBinary.start(["serve"], environment: environment.merging(
                ["DESKGATE_HTTP_PORT": "\(try FreePort.next())"]) { $1 }, workingDirectory: state.path)
            try await Task.sleep(for: .milliseconds(Int.random(in: 800...2_500)))
            server.signal(SIGKILL)
            _ = await server.finish(timeout: .seconds(10))
            kills += 1
            if try await counts(scratch).total >= Self.messageCount { break }
        }

        let httpPort = try FreePort.next()
        let server = try DeskgateBinary.start(["serve"], environment: environment.merging(
            ["DESKGATE_HTTP_PORT": "\(httpPort)"]) { $1 }, workingDirectory: state.path)
        // Up and serving before it is asked to stop: the earlier runs may already have
        // recorded everything, and a stop during start-up is not what this test is about.
        _ = try await HTTPProbe.waitForOK("http://127.0.0.1:\(httpPort)/healthz", process: server)
        let deadline = ContinuousClock.now + .seconds(180)
        while try await counts(scratch).total < Self.messageCount, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
        }
        server.signal(SIGTERM)
        let result = await server.finish(timeout: .seconds(30))
        #expect(result.status == 0, "\(result.standardError.suffix(2000))")

        let (total, distinct) = try await counts(scratch)
        #expect(kills >= 1)
        #expect(total == Self.messageCount)
        #expect(distinct == Self.messageCount)
        // Every message ended up moved, each once.
        #expect(try await imap.status(of: folder + "-done").messageCount + (try await imap.status(of: folder).messageCount) == Self.messageCount)
    }
}
