import DeskgateTestSupport
import Foundation
import Testing

/// `deskgate serve` as operators run it: a real child process against the real test database.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct ServeTests {
    @Test func answersHealthzAndExitsZeroOnSIGTERM() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let state = try TemporaryDirectory()
        let port = try FreePort.next()
        let server = try DeskgateBinary.start(["serve"], environment: [
            "DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_HTTP_PORT": "\(port)", "DESKGATE_STATE_DIR": state.path,
        ], workingDirectory: state.path)

        let health = try await HTTPProbe.waitForOK("http://127.0.0.1:\(port)/healthz", process: server)
        #expect(health.contains("\"ok\""))
        let ready = try await HTTPProbe.get("http://127.0.0.1:\(port)/readyz")
        #expect(ready.status == 200)
        #expect(ready.body.contains("\"ready\""))

        let started = ContinuousClock.now
        server.signal(SIGTERM)
        let result = await server.finish(timeout: .seconds(30))
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func migratesTheDatabaseAtStart() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let state = try TemporaryDirectory()
        let port = try FreePort.next()
        let server = try DeskgateBinary.start(["serve", "--log-format", "json"], environment: [
            "DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_HTTP_PORT": "\(port)", "DESKGATE_STATE_DIR": state.path,
        ], workingDirectory: state.path)
        _ = try await HTTPProbe.waitForOK("http://127.0.0.1:\(port)/healthz", process: server)
        server.signal(SIGINT)
        let result = await server.finish(timeout: .seconds(30))
        #expect(result.status == 0)

        let migrate = try await DeskgateBinary.run(["migrate", "--json"], environment: ["DESKGATE_DATABASE_URL": scratch.url],
                                                   workingDirectory: state.path)
        #expect(migrate.status == 0, "stderr: \(migrate.standardError)")
        #expect(migrate.standardOutput.contains("\"applied\":[]"))
        // JSON log lines: every line on stderr is one object.
        for line in result.standardError.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not JSON: \(line)")
        }
    }

    @Test func unreachableDatabaseFailsStartUpWithinTheTimeout() async throws {
        let state = try TemporaryDirectory()
        let closedPort = try FreePort.next()
        let started = ContinuousClock.now
        let result = try await DeskgateBinary.run(["serve"], environment: [
            "DESKGATE_DATABASE_URL": "postgres://desk:pw@127.0.0.1:\(closedPort)/none?sslmode=disable",
            "DESKGATE_DATABASE_CONNECT_TIMEOUT_SECONDS": "2", "DESKGATE_HTTP_PORT": "\(try FreePort.next())",
            "DESKGATE_STATE_DIR": state.path,
        ], workingDirectory: state.path)
        #expect(result.status == 1)
        #expect(result.standardError.contains("cannot reach PostgreSQL at postgres://desk@127.0.0.1:\(closedPort)/none"))
        #expect(!result.standardError.contains(":pw@"))
        #expect(ContinuousClock.now - started < .seconds(20))
    }
}
