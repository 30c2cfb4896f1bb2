import DeskgateTestSupport
import Foundation
import Testing

/// The services scripts/with-services.sh starts are the real things later suites rely on:
/// each is checked here with curl, an independent client, so a broken harness shows up as
/// a harness failure rather than as a puzzling failure in Deskgate's own tests.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_SERVICES"] != nil || TestServices.isCI,
                "needs scripts/with-services.sh"))
struct TestServicesTests {
    func curl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let result = try await ExternalProgram.run("/usr/bin/curl", ["--silent", "--show-error", "--max-time", "20"] + arguments)
        return (result.status, result.standardOutput + result.standardError)
    }

    func imapCredentials() throws -> [String] {
        ["--user", "\(try TestServices.require("DESKGATE_TEST_IMAP_USER")):\(try TestServices.require("DESKGATE_TEST_IMAP_PASSWORD"))"]
    }

    @Test func imapListsTheInboxOverPlainLoopback() async throws {
        let port = try TestServices.require("DESKGATE_TEST_IMAP_PORT")
        let result = try await curl(try imapCredentials() + ["imap://127.0.0.1:\(port)/"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("INBOX"))
    }

    @Test func imapsIsTrustedThroughTheTestCA() async throws {
        let port = try TestServices.require("DESKGATE_TEST_IMAPS_PORT")
        let ca = try TestServices.require("DESKGATE_TEST_IMAP_CA")
        let result = try await curl(try imapCredentials() + ["--cacert", ca, "imaps://127.0.0.1:\(port)/"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("INBOX"))
    }

    @Test func imapsIsRefusedWithoutTheTestCA() async throws {
        let port = try TestServices.require("DESKGATE_TEST_IMAPS_PORT")
        let result = try await curl(try imapCredentials() + ["imaps://127.0.0.1:\(port)/"])
        #expect(result.status == 60, "expected a certificate error: \(result.output)")
    }

    @Test func imapOffersSTARTTLS() async throws {
        let port = try TestServices.require("DESKGATE_TEST_IMAP_PORT")
        let ca = try TestServices.require("DESKGATE_TEST_IMAP_CA")
        let result = try await curl(try imapCredentials() + ["--ssl-reqd", "--cacert", ca, "imap://127.0.0.1:\(port)/"])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func smtpSinkKeepsWhatItReceives() async throws {
        let port = try TestServices.require("DESKGATE_TEST_SMTP_PORT")
        let spool = try TestServices.require("DESKGATE_TEST_SMTP_SPOOL")
        let marker = UUID().uuidString
        let directory = try TemporaryDirectory()
        let message = try directory.file("mail.eml", contents:
            "From: a@example.com\r\nTo: b@example.com\r\nSubject: \(marker)\r\n\r\nhello\r\n")
        let result = try await curl(["smtp://127.0.0.1:\(port)", "--mail-from", "a@example.com",
                                     "--mail-rcpt", "b@example.com", "--upload-file", message])
        #expect(result.status == 0, "\(result.output)")
        let stored = try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".eml") }
            .map { try String(contentsOfFile: spool + "/" + $0, encoding: .utf8) }
        #expect(stored.contains { $0.contains(marker) })
        withExtendedLifetime(directory) {}
    }
}
