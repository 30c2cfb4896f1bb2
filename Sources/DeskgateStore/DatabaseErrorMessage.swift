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
