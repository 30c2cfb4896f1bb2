import Foundation

/// Where PostgreSQL is and how to log in: a TCP host or a Unix socket (the embedded cluster).
public struct DatabaseEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Location: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case unixSocket(directory: String, port: Int)
    }

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var location: Location
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(location: Location, username: String, password: String? = nil, database: String, tls: TLSMode = .disable) {
        self.location = location
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Never shows the password: this is what logs and error messages print.
    public var description: String {
        switch location {
        case .tcp(let host, let port): "postgres://\(username)@\(host):\(port)/\(database)"
        case .unixSocket(let directory, let port): "postgres://\(username)@[\(directory)/.s.PGSQL.\(port)]/\(database)"
        }
    }

    /// The socket file itself, for the Unix-socket form.
    public var socketPath: String? {
        guard case .unixSocket(let directory, let port) = location else { return nil }
        return "\(directory)/.s.PGSQL.\(port)"
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible, Equatable {
    public let problem: String
    public var description: String {
        "\(problem); expected postgres://user:password@host:port/database[?sslmode=disable|prefer|require]"
    }
}

extension DatabaseEndpoint {
    /// Reads `postgres://user:pass@host:port/db?sslmode=…`, and libpq's `?host=/socket/dir` form.
    public init(url text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased()
        else { throw DatabaseURLError(problem: "the database URL cannot be read") }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw DatabaseURLError(problem: "the database URL scheme is '\(scheme)', not postgres")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw DatabaseURLError(problem: "port \(port) is out of range") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard let username = components.user, !username.isEmpty else {
            throw DatabaseURLError(problem: "the database URL names no user")
        }
        let tls: TLSMode
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw DatabaseURLError(problem: "sslmode '\(other)' is not known")
        }
        let location: Location
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            location = .unixSocket(directory: socketDirectory, port: port)
        } else if let host = components.host, !host.isEmpty {
            location = .tcp(host: host, port: port)
        } else {
            throw DatabaseURLError(problem: "the database URL names no host")
        }
        self.init(
            location: location,
            username: username,
            password: components.password,
            database: database.isEmpty ? username : database,
            tls: tls)
    }
}
