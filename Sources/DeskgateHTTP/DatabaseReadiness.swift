import DeskgateStore
import Logging

/// Ready when PostgreSQL answers a trivial query within the deadline.
public struct DatabaseReadiness: ReadinessCheck {
    public let name = "database"
    let database: Database
    let timeout: Duration
    let logger: Logger

    public init(database: Database, timeout: Duration = .seconds(2), logger: Logger) {
        self.database = database
        self.timeout = timeout
        self.logger = logger
    }

    public func check() async -> ReadinessResult {
        do {
            try await database.probe(timeout: timeout, logger: logger)
            return ReadinessResult(ready: true, detail: "ok")
        } catch {
            return ReadinessResult(ready: false, detail: "\(error)")
        }
    }
}
