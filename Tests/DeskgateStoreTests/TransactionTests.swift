import DeskgateStore
import DeskgateTestSupport
import PostgresNIO
import Testing

/// A transaction whose connection the server closes ends with an error; it never waits for
/// an answer that cannot come (postgres-nio drops a query written to a closed connection).
@Suite(.enabled(if: TestServices.postgresExpected, "needs the test PostgreSQL (scripts/test.sh starts it)"))
struct TransactionTests {
    let logger = ScratchDatabase.logger

    @Test(.timeLimit(.minutes(1)))
    func aConnectionClosedUnderATransactionEndsItWithConnectionLost() async throws {
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        try await scratch.withClient { client in
            let logger = self.logger
            await #expect(throws: DatabaseConnectionLost.self) {
                try await client.transaction(logger: logger) { connection in
                    var backend: Int32 = 0
                    for try await value in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) { backend = value }
                    let pid = backend
                    // Another session ends this one, as a server restart or an administrator would.
                    try await scratch.withClient { admin in
                        try await admin.query("SELECT pg_terminate_backend(\(pid))", logger: logger)
                    }
                    while !connection.isClosed { try await Task.sleep(for: .milliseconds(10)) }
                    // Written to a connection already closed: without the guard this waits forever.
                    try await connection.query("SELECT 1", logger: logger)
                }
            }
        }
    }

    @Test func aFailingBodyRollsBackAndRethrowsItsOwnError() async throws {
        struct Refused: Error {}
        let scratch = try await ScratchDatabase.create()
        defer { Task { await scratch.drop() } }
        try await scratch.withClient { client in
            let logger = self.logger
            try await client.query("CREATE TABLE notes (text text)", logger: logger)
            await #expect(throws: Refused.self) {
                try await client.transaction(logger: logger) { connection in
                    try await connection.query("INSERT INTO notes VALUES ('kept?')", logger: logger)
                    throw Refused()
                }
            }
            for try await count in try await client.query("SELECT count(*)::int FROM notes", logger: logger).decode(Int.self) {
                #expect(count == 0)
            }
        }
    }
}
