import DeskgateTransport
import Foundation

/// The test Dovecot, as the IMAP tests reach it.
public enum TestIMAP {
    public static func port(_ security: IMAPSettings.Security = .none) throws -> Int {
        Int(try TestServices.require(security == .imaps ? "DESKGATE_TEST_IMAPS_PORT" : "DESKGATE_TEST_IMAP_PORT"))!
    }

    public static func settings(_ security: IMAPSettings.Security = .none, password: String? = nil,
                                trustTestCA: Bool = true) throws -> IMAPSettings {
        IMAPSettings(
            host: "127.0.0.1", port: try port(security), security: security,
            credentials: .password(username: try TestServices.require("DESKGATE_TEST_IMAP_USER"),
                                   password: try password ?? TestServices.require("DESKGATE_TEST_IMAP_PASSWORD")),
            caFile: trustTestCA ? try TestServices.require("DESKGATE_TEST_IMAP_CA") : nil,
            connectTimeoutSeconds: 5)
    }

    public static func client(_ security: IMAPSettings.Security = .none) throws -> CurlIMAPClient {
        try CurlIMAPClient(settings: try settings(security))
    }

    /// `imap://user:password@127.0.0.1:port/FOLDER` for DESKGATE_IMAP_URL.
    public static func url(folder: String, query: String = "") throws -> String {
        "imap://\(try TestServices.require("DESKGATE_TEST_IMAP_USER")):\(try TestServices.require("DESKGATE_TEST_IMAP_PASSWORD"))"
            + "@127.0.0.1:\(try port())/\(folder)\(query.isEmpty ? "" : "?" + query)"
    }

    /// A folder of its own for one test, holding the given messages.
    public static func folder(_ prefix: String, with messages: [[UInt8]] = [], client: CurlIMAPClient) async throws -> String {
        let name = prefix + UUID().uuidString.prefix(8)
        try await client.createFolder(name)
        for message in messages { try await client.append(message, to: name) }
        return name
    }

    /// A small well-formed message with a unique Message-ID unless one is given.
    public static func message(_ subject: String, id: String = UUID().uuidString) -> [UInt8] {
        Array("From: user@example.com\r\nTo: help@example.com\r\nSubject: \(subject)\r\nMessage-ID: <\(id)@example.com>\r\n\r\nBody of \(subject)\r\n".utf8)
    }
}
