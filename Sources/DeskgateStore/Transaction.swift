import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, but throwing what actually went wrong: postgres-nio wraps every
    /// failure in a `PostgresTransactionError`, which hides our own typed errors from callers.
    public func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            if let cause = error.closureError ?? error.beginError ?? error.commitError { throw cause }
            throw error
        }
    }
}
