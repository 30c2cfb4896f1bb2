import DeskgateStore
import Foundation
import Logging
import PostgresNIO

/// The database a command works on: the configured server, or the embedded cluster,
/// started on first use and stopped again by whoever started it.
public struct DatabaseAccess: Sendable {
    public let database: Database
    let embedded: EmbeddedPostgres?
    let startedEmbedded: Bool
    let connectTimeout: Duration

    public static func open(_ configuration: DeskgateConfiguration, logger: Logger) async throws -> DatabaseAccess {
        let settings = configuration.database
        if let url = settings.url {
            return DatabaseAccess(
                database: try Database(endpoint: url.value, maximumConnections: settings.maximumConnections, logger: logger),
                embedded: nil, startedEmbedded: false, connectTimeout: settings.connectTimeout)
        }
        let embedded = try EmbeddedPostgres(
            stateDirectory: configuration.stateDirectory, binDirectory: settings.embeddedBinDirectory, logger: logger)
        let started = try await embedded.start()
        do {
            return DatabaseAccess(
                database: try Database(endpoint: embedded.endpoint, maximumConnections: settings.maximumConnections, logger: logger),
                embedded: embedded, startedEmbedded: started, connectTimeout: settings.connectTimeout)
        } catch {
            if started { try? await embedded.stop() }
            throw error
        }
    }

    /// Stops the embedded cluster if this process started it.
    public func close(logger: Logger) async {
        guard let embedded, startedEmbedded else { return }
        do {
            try await embedded.stop()
        } catch {
            logger.error("could not stop the embedded PostgreSQL", metadata: ["error": "\(error)"])
        }
    }

    /// Runs `body` with a connected, probed client, then shuts the client down and closes.
    public static func with<Result: Sendable>(
        _ configuration: DeskgateConfiguration, logger: Logger,
        _ body: @Sendable @escaping (Database) async throws -> Result
    ) async throws -> Result {
        let access = try await open(configuration, logger: logger)
        let outcome: Swift.Result<Result, any Error>
        do {
            outcome = .success(try await access.database.withRunningClient(probeTimeout: access.connectTimeout, logger: logger, body))
        } catch {
            outcome = .failure(error)
        }
        await access.close(logger: logger)
        return try outcome.get()
    }
}
