import DeskgateTestSupport
import Foundation
import Testing

/// `deskgate kb import|suggest` as an operator and an outside test suite use them: the
/// contract's JSON, updates in place, pruning, and broken files reported and skipped.
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct KnowledgeCommandTests {
    static let vpn = """
        ---
        title: Connect to the VPN from home
        tags: [vpn, remote access]
        ---
        Open GlobalProtect and sign in with your company account.
        """
    static let printer = """
        ---
        title: Add a network printer
        tags: [printer]
        ---
        Use the FollowMe queue and release the job with your badge.
        """

    struct Desk {
        let directory: TemporaryDirectory
        let environment: [String: String]

        func run(_ arguments: [String]) async throws -> DeskgateBinary.Result {
            try await DeskgateBinary.run(arguments, environment: environment, workingDirectory: directory.path)
        }

        func write(_ name: String, _ contents: String) throws {
            try FileManager.default.createDirectory(atPath: directory.path + "/kb", withIntermediateDirectories: true)
            _ = try directory.file("kb/" + name, contents: contents)
        }

        func suggest(_ text: String) async throws -> [[String: Any]] {
            let result = try await run(["kb", "suggest", "--json", text])
            #expect(result.status == 0, "\(result.standardError)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        }
    }

    func withDesk(_ body: (Desk) async throws -> Void) async throws {
        let scratch = try await ScratchDatabase.create()
        let directory = try TemporaryDirectory()
        let environment = ["DESKGATE_DATABASE_URL": scratch.url, "DESKGATE_STATE_DIR": directory.path,
                           "DESKGATE_KNOWLEDGE_BASE_URL": "https://wiki.example.com/kb/"]
        do {
            try await body(Desk(directory: directory, environment: environment))
        } catch {
            await scratch.drop()
            throw error
        }
        await scratch.drop()
    }

    @Test func suggestPrintsTheContractsRankedListAndAnEmptyOneWhenNothingFits() async throws {
        try await withDesk { desk in
            try desk.write("kb-vpn.md", Self.vpn)
            try desk.write("kb-printer.md", Self.printer)
            let imported = try await desk.run(["kb", "import", desk.directory.path + "/kb"])
            #expect(imported.status == 0, "\(imported.standardError)")
            #expect(imported.standardOutput.contains("2 files: 2 added"))

            let found = try await desk.suggest("The VPN does not connect from home")
            #expect(found.first?["id"] as? String == "kb-vpn")
            #expect(found.first?["title"] as? String == "Connect to the VPN from home")
            #expect((found.first?["score"] as? Double ?? 0) > 0)
            #expect(found.allSatisfy { Set($0.keys) == ["id", "title", "score"] })

            #expect(try await desk.suggest("The coffee machine on floor 4 is leaking").isEmpty)
        }
    }

    @Test func reimportingUpdatesInPlaceAndPruneRemovesWhatIsGone() async throws {
        try await withDesk { desk in
            try desk.write("kb-vpn.md", Self.vpn)
            try desk.write("kb-printer.md", Self.printer)
            _ = try await desk.run(["kb", "import", desk.directory.path + "/kb"])

            try desk.write("kb-vpn.md", Self.vpn.replacingOccurrences(of: "Connect to the VPN from home", with: "Use the VPN abroad"))
            let again = try await desk.run(["kb", "import", "--json", desk.directory.path + "/kb"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any])
            #expect(report["added"] as? Int == 0)
            #expect(report["updated"] as? Int == 1)
            #expect(report["unchanged"] as? Int == 1)
            #expect(try await desk.suggest("VPN abroad").first?["title"] as? String == "Use the VPN abroad")

            try FileManager.default.removeItem(atPath: desk.directory.path + "/kb/kb-printer.md")
            _ = try await desk.run(["kb", "import", desk.directory.path + "/kb"])
            #expect(try await desk.suggest("add a network printer").first?["id"] as? String == "kb-printer",
                    "without --prune an article stays")
            let pruned = try await desk.run(["kb", "import", "--prune", "--json", desk.directory.path + "/kb"])
            let prunedReport = try #require(try JSONSerialization.jsonObject(with: Data(pruned.standardOutput.utf8)) as? [String: Any])
            #expect(prunedReport["removed"] as? [String] == ["kb-printer"])
            #expect(try await desk.suggest("add a network printer").isEmpty)
        }
    }

    @Test func aBrokenFileIsNamedWithItsLineAndSkippedWhileTheRestIsImported() async throws {
        try await withDesk { desk in
            try desk.write("kb-vpn.md", Self.vpn)
            try desk.write("kb-broken.md", "---\ntitle: Broken\ntags: [a, b\n---\nBody\n")
            let result = try await desk.run(["kb", "import", desk.directory.path + "/kb"])
            #expect(result.status == 0)
            #expect(result.standardError.contains("kb-broken.md:3: the list of 'tags' is not closed with ']'"), "\(result.standardError)")
            #expect(result.standardOutput.contains("1 added") && result.standardOutput.contains("1 skipped"))
            // Not on a terminal: progress as plain lines.
            #expect(result.standardError.contains("kb import: 2/2 files"))
            #expect(try await desk.suggest("VPN from home").first?["id"] as? String == "kb-vpn")
        }
    }

    @Test func onATerminalTheImportDrawsAProgressBarInPlace() async throws {
        try await withDesk { desk in
            try desk.write("kb-vpn.md", Self.vpn)
            try desk.write("kb-printer.md", Self.printer)
            // `script` (util-linux, on every Debian and Ubuntu) gives the import a terminal.
            let command = "'\(DeskgateBinary.url.path)' kb import '\(desk.directory.path)/kb'"
            let result = try await DeskgateBinary.run(["-c", "script -qec \"\(command)\" /dev/null"], environment: desk.environment,
                                                      workingDirectory: desk.directory.path, shell: true)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("\rkb import [##############################] 2/2 files"), "\(result.standardOutput)")
            #expect(!result.standardOutput.contains("kb import: 2/2 files"))
        }
    }

    @Test func suggestWithoutTextOrImportOfAFileIsAnError() async throws {
        try await withDesk { desk in
            #expect(try await desk.run(["kb", "suggest"]).status == 2)
            try desk.write("kb-vpn.md", Self.vpn)
            let notAFolder = try await desk.run(["kb", "import", desk.directory.path + "/kb/kb-vpn.md"])
            #expect(notAFolder.status == 1)
            #expect(notAFolder.standardError.contains("is not a folder"))
        }
    }
}
