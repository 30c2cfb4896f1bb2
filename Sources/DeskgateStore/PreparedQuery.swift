import Logging
import PostgresNIO
import Synchronization

/// Runs a query written with ordinary interpolation as a named prepared statement, so the
/// server parses and plans it once per connection instead of on every mail. `Marker` names
/// the call site; its SQL is the query's own text, registered on first use (the text of an
/// interpolated query depends only on how it is written, never on the values).
struct PreparedQuery<Marker>: PostgresPreparedStatement {
    typealias Row = PostgresRow

    static var name: String { PreparedTexts.name(of: Marker.self) }
    static var sql: String { PreparedTexts.texts.withLock { $0[name] ?? "" } }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

enum PreparedTexts {
    static let texts = Mutex<[String: String]>([:])
    private static let names = Mutex<[ObjectIdentifier: String]>([:])

    /// Worked out once per marker: postgres-nio asks for the name on every execution, and
    /// reflecting the type each time cost a few percent of the ticket engine's time.
    static func name(of marker: Any.Type) -> String {
        let key = ObjectIdentifier(marker)
        if let known = names.withLock({ $0[key] }) { return known }
        let name = statementName(String(reflecting: marker))
        names.withLock { $0[key] = name }
        return name
    }

    /// PostgreSQL cuts names at 63 bytes, and private markers are reflected as
    /// `Module.(unknown context at $…).Marker`: without care two markers of one file share a
    /// cut name. The context goes; a name still too long ends in a hash of the whole.
    static func statementName(_ reflected: String) -> String {
        let parts = reflected.split(separator: ".").filter { !$0.hasPrefix("(unknown context") && !$0.hasPrefix("$") && !$0.hasSuffix(")") }
        let name = "dg." + parts.joined(separator: ".")
        guard name.utf8.count > 63 else { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in reflected.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(name.prefix(40)) + "." + String(hash, radix: 16)
    }
}

extension PostgresConnection {
    func prepared<Marker>(_ marker: Marker.Type, _ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        let name = PreparedQuery<Marker>.name
        PreparedTexts.texts.withLock { texts in
            if let known = texts[name] {
                precondition(known == query.sql, "\(name) was written two ways; each call site needs its own marker")
            } else {
                texts[name] = query.sql
            }
        }
        var rows: [PostgresRow] = []
        for try await row in try await execute(PreparedQuery<Marker>(bindings: query.binds), logger: logger) { rows.append(row) }
        return rows
    }
}
