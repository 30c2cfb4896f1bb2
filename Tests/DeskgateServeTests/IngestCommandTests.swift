import DeskgateTestSupport
import Foundation
import Testing

/// `deskgate ingest` as an MTA's pipe and an operator use it: the sysexits an MTA acts on,
/// the contract's JSON, and the usage errors.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct IngestCommandTests {
    static let mail = "From: Anna <anna@customer.example>\r\nTo: support@desk.example\r\nSubject: VPN down\r\nMessage-ID: <pipe-1@customer.example>\r\n\r\nThe VPN is down.\r\n"

    func pipe(_ input: String, environment: [String: String], in directory: TemporaryDirectory) async throws -> DeskgateBinary.Result {
        let file = try directory.file("mail-\(UUID().uuidString).eml", contents: input)
        return try await DeskgateBinary.run(["-c", "exec \"$0\" ingest --json - < \"$1\"", DeskgateBinary.url.path, file],
                                            environment: environment, workingDirectory: directory.path, shell: true)
    }

    @Test func aMessageOnStandardInputIsAcceptedWithExitZero() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let directory = try TemporaryDirectory()
        let environment = ["DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": directory.path]

        let first = try await pipe(Self.mail, environment: environment, in: directory)
        #expect(first.status == 0, "\(first.standardError)")
        let line = try #require(try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any])
        #expect(line["file"] as? String == "-")
        #expect(line["outcome"] as? String == "new_ticket")
        #expect(line["ticket"] as? String == "INC-000001")
        for key in ["message_id", "outcome", "ticket", "kind", "reopened", "auto_ack", "csat", "reason"] {
            #expect(line.keys.contains(key), "the contract's field \(key) is missing")
        }

        // An MTA retrying a delivery it thinks failed must not make a second ticket.
        let again = try await pipe(Self.mail, environment: environment, in: directory)
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("\"outcome\":\"duplicate\""))
    }

    @Test func aDatabaseThatCannotBeReachedExitsSeventyFiveSoTheMTARetries() async throws {
        let directory = try TemporaryDirectory()
        let port = try FreePort.next()
        let environment = ["DESKGATE_DATABASE_URL": "postgres://deskgate:x@127.0.0.1:\(port)/deskgate",
                           "DESKGATE_DATABASE_CONNECT_TIMEOUT_SECONDS": "2", "DESKGATE_STATE_DIR": directory.path]
        let result = try await pipe(Self.mail, environment: environment, in: directory)
        #expect(result.status == 75, "\(result.standardError)")
        #expect(result.standardError.contains("retry later"))
    }

    @Test func filesAndDirectoriesAreTakenInOrder() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/batch", withIntermediateDirectories: true)
        _ = try directory.file("batch/b.eml", contents: Self.mail.replacingOccurrences(of: "pipe-1", with: "b"))
        _ = try directory.file("batch/a.eml", contents: Self.mail.replacingOccurrences(of: "pipe-1", with: "a"))
        _ = try directory.file("single.eml", contents: Self.mail)
        let result = try await DeskgateBinary.run(["ingest", "--json", directory.path + "/single.eml", directory.path + "/batch"],
                                                  environment: ["DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": directory.path],
                                                  workingDirectory: directory.path)
        #expect(result.status == 0, "\(result.standardError)")
        let files = result.standardOutput.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["file"] as? String
        }
        #expect(files == ["single.eml", "a.eml", "b.eml"])
    }

    @Test func withoutInputOrWithAnUnknownMailboxItIsBadUsage() async throws {
        let directory = try TemporaryDirectory()
        let none = try await DeskgateBinary.run(["ingest"], workingDirectory: directory.path)
        #expect(none.status == 2)
        let missing = try await DeskgateBinary.run(["ingest", directory.path + "/nope.eml"],
                                                   environment: ["DESKGATE_DATABASE_URL": "postgres://x@127.0.0.1:1/x"],
                                                   workingDirectory: directory.path)
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("nope.eml"))
    }
}
