import DeskgateTestSupport
import Foundation
import Testing

/// The README's promise: with no database configured, deskgate creates, starts and stops
/// its own PostgreSQL cluster under the state directory.
private let postgresServerInstalled = FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/15/bin/initdb")

@Suite(.serialized, .enabled(if: postgresServerInstalled || TestServices.isCI,
                             "needs PostgreSQL 15 server programs (scripts/bootstrap.sh installs them)"))
struct EmbeddedDefaultTests {
    @Test func migrateCreatesTheClusterAndStopsItAgain() async throws {
        let state = try TemporaryDirectory()
        let first = try await DeskgateBinary.run(["migrate", "--json"], environment: ["DESKGATE_STATE_DIR": state.path],
                                                 workingDirectory: state.path)
        #expect(first.status == 0, "stderr: \(first.standardError)")
        #expect(first.standardOutput.contains("\"applied\":[1"))
        #expect(FileManager.default.fileExists(atPath: state.path + "/postgres/data/PG_VERSION"))
        #expect(!FileManager.default.fileExists(atPath: state.path + "/postgres/data/postmaster.pid"), "cluster left running")

        let second = try await DeskgateBinary.run(["migrate", "--json"], environment: ["DESKGATE_STATE_DIR": state.path],
                                                  workingDirectory: state.path)
        #expect(second.status == 0, "stderr: \(second.standardError)")
        #expect(second.standardOutput.contains("\"applied\":[]"))
    }

    @Test func serveRunsOnTheEmbeddedClusterAndStopsItOnSIGINT() async throws {
        let state = try TemporaryDirectory()
        let port = try FreePort.next()
        let server = try DeskgateBinary.start(["serve"], environment: ["DESKGATE_STATE_DIR": state.path, "DESKGATE_HTTP_PORT": "\(port)"],
                                              workingDirectory: state.path)
        _ = try await HTTPProbe.waitForOK("http://127.0.0.1:\(port)/readyz", process: server, timeout: .seconds(90))
        #expect(FileManager.default.fileExists(atPath: state.path + "/postgres/data/postmaster.pid"))
        server.signal(SIGINT)
        let result = await server.finish(timeout: .seconds(60))
        #expect(result.status == 0, "stderr: \(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: state.path + "/postgres/data/postmaster.pid"), "cluster left running")
    }
}
