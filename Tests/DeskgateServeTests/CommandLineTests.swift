import DeskgateTestSupport
import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpListsTheCommands() async throws {
        let result = try await DeskgateBinary.run(["--help"])
        #expect(result.status == 0)
        for command in ["serve", "migrate", "version"] {
            #expect(result.standardOutput.contains(command))
        }
    }

    @Test func versionReportsSchemaAndLibcurl() async throws {
        let result = try await DeskgateBinary.run(["version", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int ?? 0 >= 1)
        #expect((object["libcurl"] as? String)?.hasPrefix("libcurl/") == true)
        #expect((object["libcurl_protocols"] as? [String])?.contains("imaps") == true)
    }

    @Test func unknownFlagIsBadUsage() async throws {
        let result = try await DeskgateBinary.run(["serve", "--no-such-flag"])
        #expect(result.status == 2)
        #expect(!result.standardError.isEmpty)
    }

    @Test func badConfigurationFileIsReportedWithKeyAndFile() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.file("bad.yaml", contents: "http:\n  port: not-a-port\n")
        let result = try await DeskgateBinary.run(["migrate", "--config", path], workingDirectory: directory.path)
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(path):2: http.port"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
