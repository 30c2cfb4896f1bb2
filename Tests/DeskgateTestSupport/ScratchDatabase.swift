import DeskgateStore
import Foundation
import Logging
import PostgresNIO

/// A fresh, empty database on the test PostgreSQL server for one test, dropped afterwards,
/// so tests never see each other's rows and may run in parallel.
public struct ScratchDatabase: Sendable {
    public let name: String
    public let url: String
    public let endpoint: DatabaseEndpoint

    /// Notices and worse: postgres-nio reports each short-lived test client's shutdown at info
    /// level, hundreds of lines that would bury the test results.
    public static let logger: Logger = {
        var logger = Logger(label: "deskgate.tests")
        logger.logLevel = .notice
        return logger
    }()

    public static func create() async throws -> ScratchDatabase {
        let adminURL = try TestServices.require("DESKGATE_TEST_DATABASE_URL")
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await withClient(DatabaseEndpoint(url: adminURL)) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var components = URLComponents(string: adminURL)!
        components.path = "/" + name
        let url = components.string!
        return ScratchDatabase(name: String(name), url: url, endpoint: try DatabaseEndpoint(url: url))
    }

    public func drop() async {
        guard let adminURL = TestServices.databaseURL, let admin = try? DatabaseEndpoint(url: adminURL) else { return }
        try? await Self.withClient(admin) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: Self.logger)
        }
    }

    /// Runs `body` with a connected client on this database.
    public func withClient<Result: Sendable>(_ body: @Sendable @escaping (PostgresClient) async throws -> Result) async throws -> Result {
        do {
            return try await Self.withClient(endpoint, body)
        } catch {
            // postgres-nio's own description hides the server's message; tests need it.
            if let text = DatabaseErrorMessage.describe(error) { throw DatabaseFailure(text: text) }
            throw error
        }
    }

    public struct DatabaseFailure: Error, CustomStringConvertible {
        public let text: String
        public var description: String { text }
    }

    public static func withClient<Result: Sendable>(
        _ endpoint: DatabaseEndpoint, _ body: @Sendable @escaping (PostgresClient) async throws -> Result
    ) async throws -> Result {
        try await Database(endpoint: endpoint, maximumConnections: 4, logger: logger)
            .withRunningClient(probeTimeout: .seconds(10), logger: logger) { try await body($0.client) }
    }
}
