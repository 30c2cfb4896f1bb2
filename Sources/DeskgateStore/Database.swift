import Logging
import PostgresNIO

/// The PostgreSQL client Deskgate uses everywhere, plus the start-up probe that
/// postgres-nio lacks: its pool waits forever on a wrong host or port.
public struct Database: Sendable {
    public let client: PostgresClient
    public let endpoint: DatabaseEndpoint

    public init(endpoint: DatabaseEndpoint, maximumConnections: Int = 10, logger: Logger) throws {
        var configuration: PostgresClient.Configuration
        switch endpoint.location {
        case .tcp(let host, let port):
            let tls: PostgresClient.Configuration.TLS
            switch endpoint.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try .makeClientConfiguration())
            case .require: tls = .require(try .makeClientConfiguration())
            }
            configuration = .init(
                host: host, port: port, username: endpoint.username, password: endpoint.password,
                database: endpoint.database, tls: tls)
        case .unixSocket:
            configuration = .init(
                unixSocketPath: endpoint.socketPath!, username: endpoint.username,
                password: endpoint.password, database: endpoint.database)
        }
        configuration.options.maximumConnections = maximumConnections
        // postgres-nio's pool replaces a closed connection only to keep this minimum: with
        // none, a request queued while the server restarts waits forever once every
        // connection has gone. One kept connection makes the pool reconnect and serve it.
        configuration.options.minimumConnections = 1
        configuration.options.connectTimeout = .seconds(5)
        // Our prepared statements are short index lookups and inserts: one generic plan each,
        // made once per connection, beats re-planning them for every mail. JIT compiling costs
        // a quarter of a second whenever an estimate runs high, far more than our queries take.
        configuration.options.additionalStartupParameters = [("application_name", "deskgate"), ("plan_cache_mode", "force_generic_plan"),
                                                             ("jit", "off"),
                                                             // Spelling help needs close matches only; the trigram index then
                                                             // hands over far fewer candidates.
                                                             ("pg_trgm.similarity_threshold", "0.5")]
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.endpoint = endpoint
    }

    /// Runs the client for as long as `body` takes: started, probed (so a wrong address
    /// fails within `probeTimeout`), then shut down. For commands and tests; `serve` runs
    /// the client as a service instead.
    public func withRunningClient<Result: Sendable>(
        probeTimeout: Duration, logger: Logger, _ body: @Sendable @escaping (Database) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            try await probe(timeout: probeTimeout, logger: logger)
            return try await body(self)
        }
    }

    /// Waits until the server answers `SELECT 1`, or throws `DatabaseUnreachable` after
    /// `timeout`. The client's `run()` must already be running.
    public func probe(timeout: Duration, logger: Logger) async throws {
        let client = self.client
        let endpoint = self.endpoint
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await client.query("SELECT 1", logger: logger)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw DatabaseUnreachable(endpoint: endpoint, timeout: timeout)
            }
            defer { group.cancelAll() }
            do {
                try await group.next()
            } catch let error as DatabaseUnreachable {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw DatabaseUnreachable(endpoint: endpoint, timeout: timeout, underlying: String(reflecting: error))
            }
        }
    }
}

public struct DatabaseUnreachable: Error, CustomStringConvertible {
    public let endpoint: DatabaseEndpoint
    public let timeout: Duration
    public var underlying: String?

    public init(endpoint: DatabaseEndpoint, timeout: Duration, underlying: String? = nil) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.underlying = underlying
    }

    public var description: String {
        let cause = underlying.map { ": \($0)" } ?? " within \(timeout.components.seconds) s"
        return "cannot reach PostgreSQL at \(endpoint)\(cause); check DESKGATE_DATABASE_URL "
            + "(or database.url) and that the server is running"
    }
}
