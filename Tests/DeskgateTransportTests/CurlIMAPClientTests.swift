import DeskgateTestSupport
import DeskgateTransport
import Foundation
import Testing

/// The IMAP client against the real Dovecot that scripts/with-services.sh starts. Each test
/// works in a folder of its own, so they can run side by side.
@Suite(.enabled(if: TestServices.environment["DESKGATE_TEST_IMAP_PORT"] != nil || TestServices.isCI,
                "needs the test Dovecot (scripts/test.sh starts it)"))
struct CurlIMAPClientTests {
    func settings(_ security: IMAPSettings.Security, password: String? = nil, trustTestCA: Bool = true) throws -> IMAPSettings {
        try TestIMAP.settings(security, password: password, trustTestCA: trustTestCA)
    }

    /// A fresh folder holding `count` messages.
    func folder(with count: Int, client: CurlIMAPClient) async throws -> String {
        try await TestIMAP.folder("T", with: (0..<count).map { TestIMAP.message("message \($0)") }, client: client)
    }

    @Test func appendsSearchesAndFetchesOverPlainLoopback() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 3, client: client)
        let status = try await client.status(of: name)
        #expect(status.messageCount == 3)
        let uids = try await client.uids(in: name, after: 0, limit: 100)
        #expect(uids.count == 3)
        let raw = try await client.fetch(uid: uids[1], in: name, uidValidity: status.uidValidity)
        #expect(String(decoding: raw, as: UTF8.self).contains("Subject: message 1"))
        #expect(try await client.uids(in: name, after: uids[1], limit: 100) == [uids[2]])
        #expect(try await client.uids(in: name, after: uids[2], limit: 100).isEmpty)
    }

    @Test func searchesInBoundedBatches() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 5, client: client)
        let first = try await client.uids(in: name, after: 0, limit: 2)
        #expect(first.count == 2)
        let rest = try await client.uids(in: name, after: first.last!, limit: 10)
        #expect(rest.count == 3)
    }

    @Test func imapsWorksWithTheTrustedCA() async throws {
        let client = try CurlIMAPClient(settings: try settings(.imaps))
        let status = try await client.status(of: "INBOX")
        #expect(status.uidValidity > 0)
    }

    @Test func startTLSWorksWithTheTrustedCA() async throws {
        let client = try CurlIMAPClient(settings: try settings(.startTLS))
        let status = try await client.status(of: "INBOX")
        #expect(status.uidValidity > 0)
    }

    @Test func aCertificateFromAnUnknownCAIsRefused() async throws {
        let client = try CurlIMAPClient(settings: try settings(.imaps, trustTestCA: false))
        await #expect(throws: TransportError.self) { _ = try await client.status(of: "INBOX") }
        do {
            _ = try await client.status(of: "INBOX")
        } catch let error as TransportError {
            #expect(error.kind == .certificateRejected)
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationFailure() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none, password: "wrong"))
        do {
            _ = try await client.status(of: "INBOX")
            Issue.record("a wrong password was accepted")
        } catch let error as TransportError {
            #expect(error.kind == .authenticationFailed)
        }
    }

    @Test func fetchingWithAStaleUIDValidityFails() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 1, client: client)
        let status = try await client.status(of: name)
        let uid = try await client.uids(in: name, after: 0, limit: 10)[0]
        await #expect(throws: TransportError.self) {
            _ = try await client.fetch(uid: uid, in: name, uidValidity: status.uidValidity &+ 1)
        }
    }

    @Test func movesIntoAFolderItCreates() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 2, client: client)
        let uid = try await client.uids(in: name, after: 0, limit: 10)[0]
        try await client.move(uids: [uid], from: name, to: name + "-done")
        #expect(try await client.status(of: name).messageCount == 1)
        #expect(try await client.status(of: name + "-done").messageCount == 1)
    }

    @Test func movesSeveralMessagesWithOneSet() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 4, client: client)
        let uids = try await client.uids(in: name, after: 0, limit: 10)
        try await client.move(uids: [uids[0], uids[1], uids[3]], from: name, to: name + "-done")
        #expect(try await client.uids(in: name, after: 0, limit: 10) == [uids[2]])
        #expect(try await client.status(of: name + "-done").messageCount == 3)
    }

    @Test func deletesAMessage() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 2, client: client)
        let uid = try await client.uids(in: name, after: 0, limit: 10)[0]
        try await client.delete(uids: [uid], in: name)
        #expect(try await client.status(of: name).messageCount == 1)
        #expect(try await client.uids(in: name, after: 0, limit: 10).contains(uid) == false)
    }

    @Test func marksAMessageSeen() async throws {
        let client = try CurlIMAPClient(settings: try settings(.none))
        let name = try await folder(with: 1, client: client)
        let uid = try await client.uids(in: name, after: 0, limit: 10)[0]
        try await client.markSeen(uids: [uid], in: name)
        let port = try TestServices.require("DESKGATE_TEST_IMAP_PORT")
        let flags = try await ExternalProgram.run(
            "/usr/bin/curl", ["-s", "--user", "desk:desk-password", "imap://127.0.0.1:\(port)/\(name)", "-X", "UID FETCH \(uid) FLAGS"]
        ).standardOutput
        #expect(flags.contains("\\Seen"))
    }
}
