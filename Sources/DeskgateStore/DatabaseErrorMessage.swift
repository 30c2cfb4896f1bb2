import PostgresNIO

/// postgres-nio hides what went wrong behind a generic description (so that query values
/// never leak into logs). This says what the server said — its message, SQLSTATE and
/// detail — and still never the values.
public enum DatabaseErrorMessage {
    public static func describe(_ error: any Error) -> String? {
        if let transaction = error as? PostgresTransactionError {
            return (transaction.closureError ?? transaction.beginError ?? transaction.commitError).flatMap(describe)
        }
        guard let error = error as? PSQLError else { return nil }
        if let server = error.serverInfo {
            var text = "PostgreSQL: \(server[.message] ?? "error")"
            if let state = server[.sqlState] { text += " (SQLSTATE \(state))" }
            if let detail = server[.detail] { text += "; \(detail)" }
            return text
        }
        if let underlying = error.underlying { return "PostgreSQL connection: \(underlying)" }
        return "PostgreSQL: \(error.code)"
    }
}

extension DatabaseErrorMessage {
    /// True when the database, not the data, failed: the connection dropped, the server is
    /// shutting down or restarting, a deadlock or serialisation conflict. Work that failed this
    /// way is retried later; work refused for its data (a byte PostgreSQL cannot store) is not.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        guard error.code == .server else { return true }
        let state = error.serverInfo?[.sqlState] ?? ""
        return ["08", "53", "57", "40", "55"].contains { state.hasPrefix($0) }
    }

    /// The server rolled the transaction back to break a deadlock or a serialization
    /// conflict: doing the same work again, in smaller pieces, succeeds.
    public static func isRolledBackByServer(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return (error.serverInfo?[.sqlState] ?? "").hasPrefix("40")
    }
}
