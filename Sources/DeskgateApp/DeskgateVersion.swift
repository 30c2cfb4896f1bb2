import DeskgateStore
import DeskgateTransport

/// What `deskgate version` reports: enough for a bug report to say exactly what ran.
public struct DeskgateVersion: Sendable, Encodable {
    public static let current = "0.1.0"

    public let version: String
    public let schemaVersion: Int
    public let libcurl: String
    public let libcurlProtocols: [String]

    enum CodingKeys: String, CodingKey {
        case version, schemaVersion = "schema_version", libcurl, libcurlProtocols = "libcurl_protocols"
    }

    public static func describe() throws -> DeskgateVersion {
        Libcurl.initialise()
        return DeskgateVersion(
            version: current,
            schemaVersion: try MigrationCatalog.bundled().last?.version ?? 0,
            libcurl: Libcurl.versionDescription,
            libcurlProtocols: Libcurl.supportedProtocols)
    }
}
