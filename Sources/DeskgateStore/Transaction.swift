import Logging
import PostgresNIO
import Synchronization

extension PostgresClient {
    /// One transaction on one pooled connection, throwing what actually went wrong (postgres-nio's
    /// own `withTransaction` wraps every failure in a `PostgresTransactionError`).
    ///
    /// It also never hangs on a connection the server closed: postgres-nio 1.33 drops a query
    /// written to a connection whose channel has already closed without ever failing it, so
    /// the ROLLBACK after a restart, or the next statement of the body, would wait forever.
    /// Such a transaction ends with `DatabaseConnectionLost` instead.
    public func transaction<Result: Sendable>(
        logger: Logger, _ body: @Sendable @escaping (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withWatchedConnection { connection in
            try await connection.query("BEGIN;", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT;", logger: logger)
                return value
            } catch {
                // A closed connection's transaction has already ended on the server.
                if !connection.isClosed { _ = try? await connection.query("ROLLBACK;", logger: logger) }
                throw error
            }
        }
    }

    /// Work on one pooled connection that ends with `DatabaseConnectionLost` when the server
    /// closes the connection under it, instead of waiting forever (see `transaction`).
    public func withWatchedConnection<Result: Sendable>(
        _ body: @Sendable @escaping (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.endingWhenClosed { try await body(connection) }
        }
    }
}

/// The connection to PostgreSQL closed while a transaction was under way; whether its COMMIT
/// reached the server is unknown, so callers retry only what is safe to do twice.
public struct DatabaseConnectionLost: Error, CustomStringConvertible {
    public var description: String {
        "the connection to PostgreSQL closed in the middle of a transaction (server restart or network failure); try again"
    }
}

extension PostgresConnection {
    /// Runs `work`, but throws `DatabaseConnectionLost` once this connection has closed
    /// while `work` was still waiting. The work itself goes on (it cannot be stopped inside
    /// postgres-nio) and its outcome is dropped.
    func endingWhenClosed<Value: Sendable>(_ work: @Sendable @escaping () async throws -> Value) async throws -> Value {
        let race = FirstOutcome<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                let worker = Task {
                    do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
                }
                // Polled rather than a closeFuture callback: callbacks on a long-lived
                // connection's future would pile up, one for every transaction it ever ran.
                let watcher = Task { [weak self] in
                    while !Task.isCancelled {
                        guard let self, !self.isClosed else {
                            race.finish(.failure(DatabaseConnectionLost()))
                            return
                        }
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                }
                race.attach(worker: worker, watcher: watcher)
            }
        } onCancel: {
            race.cancel()
        }
    }
}

/// Whichever of the work and the watcher ends first resumes the caller; the other is cancelled.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var worker: Task<Void, Never>?
        var watcher: Task<Void, Never>?
        var cancelled = false
    }
    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Value, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func attach(worker: Task<Void, Never>, watcher: Task<Void, Never>) {
        let (finished, cancelled) = state.withLock { state in
            state.worker = worker
            state.watcher = watcher
            return (state.continuation == nil, state.cancelled)
        }
        if finished || cancelled { worker.cancel() }
        if finished { watcher.cancel() }
    }

    func finish(_ result: Result<Value, any Error>) {
        let (continuation, tasks) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, [state.worker, state.watcher])
        }
        guard let continuation else { return }
        continuation.resume(with: result)
        // The worker has finished or is stuck for good; the watcher is no longer needed.
        tasks.forEach { $0?.cancel() }
    }

    /// The caller was cancelled: the work is told so. The watcher stays, so that work stuck
    /// on a closed connection still ends the wait.
    func cancel() {
        let worker = state.withLock { state in
            state.cancelled = true
            return state.worker
        }
        worker?.cancel()
    }
}
