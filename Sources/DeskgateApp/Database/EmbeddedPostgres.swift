import DeskgateStore
import Foundation
import Logging

/// The private PostgreSQL cluster under the state directory that Deskgate uses when no
/// database URL is configured. It listens on a Unix socket in a directory only its owner
/// can enter, never on TCP, so nothing else on the machine can reach it.
public struct EmbeddedPostgres: Sendable {
    public static let username = "deskgate"
    public static let databaseName = "deskgate"
    /// Only names the socket file; there is no TCP listener to collide with.
    static let port = 5432

    public let rootDirectory: String
    let binDirectory: String
    /// PostgreSQL refuses to run as root; root runs it as `postgres` instead.
    let serverUser: String?
    let logger: Logger
    private let runner = ProcessRunner()

    public var dataDirectory: String { rootDirectory + "/data" }
    var logFile: String { rootDirectory + "/server.log" }
    var databaseMarker: String { rootDirectory + "/database-created" }

    /// Unix socket paths are limited to about 107 bytes; a deep state directory moves the
    /// socket to a private directory under /tmp named after it.
    public var socketDirectory: String {
        let preferred = rootDirectory + "/run"
        if (preferred + "/.s.PGSQL.\(Self.port)").utf8.count <= 100 { return preferred }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in rootDirectory.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "/tmp/deskgate-pg-\(String(hash, radix: 36))"
    }

    public var endpoint: DatabaseEndpoint {
        DatabaseEndpoint(location: .unixSocket(directory: socketDirectory, port: Self.port),
                         username: Self.username, database: Self.databaseName)
    }

    public init(stateDirectory: String, binDirectory configured: String?, logger: Logger) throws(EmbeddedPostgresError) {
        self.rootDirectory = stateDirectory + "/postgres"
        self.binDirectory = try Self.findBinDirectory(configured: configured)
        self.serverUser = geteuid() == 0 ? "postgres" : nil
        self.logger = logger
        if let serverUser, getpwnam(serverUser) == nil { throw .noServerUser(serverUser) }
    }

    /// Creates the cluster on first use and starts it unless it already runs. Returns true
    /// when this call started it, so the caller knows it must stop it again.
    public func start() async throws -> Bool {
        try prepareDirectories()
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            try await initialise()
        }
        if try await isRunning() {
            logger.debug("embedded PostgreSQL already running", metadata: ["data": "\(dataDirectory)"])
            try await createDatabaseIfNeeded()
            return false
        }
        let options = "-c listen_addresses='' -k \(socketDirectory) -p \(Self.port) -c unix_socket_permissions=0700"
        let result = try await runner.run(binDirectory + "/pg_ctl",
            ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s", "-o", options], as: serverUser)
        if result.status != 0 {
            // Another deskgate may have started it between our check and our start.
            if try await isRunning() {
                try await createDatabaseIfNeeded()
                return false
            }
            throw EmbeddedPostgresError.startFailed(logFile: logFile, logTail: Self.tail(of: logFile) ?? result.output)
        }
        logger.info("embedded PostgreSQL started", metadata: ["data": "\(dataDirectory)", "socket": "\(socketDirectory)"])
        try await createDatabaseIfNeeded()
        return true
    }

    public func stop() async throws {
        guard try await isRunning() else { return }
        let result = try await runner.run(binDirectory + "/pg_ctl",
            ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"], as: serverUser)
        if result.status != 0, try await isRunning() {
            throw EmbeddedPostgresError.stopFailed(output: result.output)
        }
        logger.info("embedded PostgreSQL stopped", metadata: ["data": "\(dataDirectory)"])
    }

    public func isRunning() async throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return false }
        // pg_ctl status: 0 running, 3 not running, 4 no accessible data directory.
        let result = try await runner.run(binDirectory + "/pg_ctl", ["status", "-D", dataDirectory], as: serverUser)
        return result.status == 0
    }

    private func prepareDirectories() throws {
        let manager = FileManager.default
        // The state directory itself: closed to others, but traversable by the server user
        // when that is another account, so it can reach its own data below.
        let stateDirectory = (rootDirectory as NSString).deletingLastPathComponent
        if !manager.fileExists(atPath: stateDirectory) {
            do {
                try manager.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: serverUser == nil ? 0o700 : 0o711])
            } catch {
                throw EmbeddedPostgresError.directoryUnusable(stateDirectory, reason: error.localizedDescription)
            }
        }
        for directory in [rootDirectory, socketDirectory] {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
                try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
                if let serverUser, let account = getpwnam(serverUser) {
                    guard chown(directory, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                        throw EmbeddedPostgresError.directoryUnusable(directory, reason: String(cString: strerror(errno)))
                    }
                }
            } catch let error as EmbeddedPostgresError {
                throw error
            } catch {
                throw EmbeddedPostgresError.directoryUnusable(directory, reason: error.localizedDescription)
            }
        }
        if let serverUser, !canServerUserReach(rootDirectory, serverUser) {
            throw EmbeddedPostgresError.unreachableByServerUser(rootDirectory, user: serverUser)
        }
    }

    private func canServerUserReach(_ directory: String, _ user: String) -> Bool {
        guard let account = getpwnam(user) else { return false }
        let uid = account.pointee.pw_uid, gid = account.pointee.pw_gid
        // Every parent must be searchable by the server user, or it cannot open its data.
        var path = URL(fileURLWithPath: directory).deletingLastPathComponent()
        while path.path != "/" {
            var info = stat()
            guard stat(path.path, &info) == 0 else { return false }
            let mode = info.st_mode
            let searchable = info.st_uid == uid ? mode & S_IXUSR != 0
                : info.st_gid == gid ? mode & S_IXGRP != 0 : mode & S_IXOTH != 0
            if !searchable { return false }
            path = path.deletingLastPathComponent()
        }
        return true
    }

    private func initialise() async throws {
        if let leftovers = try? FileManager.default.contentsOfDirectory(atPath: dataDirectory), !leftovers.isEmpty {
            throw EmbeddedPostgresError.dataDirectoryNotEmpty(dataDirectory)
        }
        logger.info("creating the embedded PostgreSQL cluster", metadata: ["data": "\(dataDirectory)"])
        do {
            _ = try await runner.runChecked(binDirectory + "/initdb",
                ["-D", dataDirectory, "-U", Self.username, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-instructions"],
                as: serverUser)
        } catch let failure as ProcessRunner.Failure {
            throw EmbeddedPostgresError.initialisationFailed(failure.description)
        }
    }

    private func createDatabaseIfNeeded() async throws {
        guard !FileManager.default.fileExists(atPath: databaseMarker) else { return }
        let result = try await runner.run(binDirectory + "/createdb",
            ["-h", socketDirectory, "-p", String(Self.port), "-U", Self.username, Self.databaseName], as: serverUser)
        guard result.status == 0 || result.output.contains("already exists") else {
            throw EmbeddedPostgresError.initialisationFailed("createdb: \(result.output)")
        }
        try Data("created\n".utf8).write(to: URL(fileURLWithPath: databaseMarker))
    }

    static func findBinDirectory(configured: String?) throws(EmbeddedPostgresError) -> String {
        let manager = FileManager.default
        func usable(_ directory: String) -> Bool {
            ["initdb", "pg_ctl", "createdb"].allSatisfy { manager.isExecutableFile(atPath: "\(directory)/\($0)") }
        }
        if let configured {
            guard usable(configured) else { throw .binariesNotFound(searched: [configured]) }
            return configured
        }
        let versions = ((try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        // 15 is the version Deskgate is tested with; others are a fallback.
        let candidates = ["/usr/lib/postgresql/15/bin"] + versions.map { "/usr/lib/postgresql/\($0)/bin" }
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        guard let found = candidates.first(where: usable) else { throw .binariesNotFound(searched: Array(candidates.prefix(3))) }
        return found
    }

    static func tail(of path: String, lines: Int = 8) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

public enum EmbeddedPostgresError: Error, CustomStringConvertible {
    case binariesNotFound(searched: [String])
    case noServerUser(String)
    case directoryUnusable(String, reason: String)
    case unreachableByServerUser(String, user: String)
    case dataDirectoryNotEmpty(String)
    case initialisationFailed(String)
    case startFailed(logFile: String, logTail: String)
    case stopFailed(output: String)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            "PostgreSQL server programs (initdb, pg_ctl) not found in \(searched.joined(separator: ", ")); "
                + "install postgresql-15 (scripts/bootstrap.sh does), set database.embedded.bin_dir, "
                + "or point DESKGATE_DATABASE_URL at an existing server"
        case .noServerUser(let user):
            "running as root, the embedded PostgreSQL must run as the '\(user)' user, which does not exist; "
                + "install postgresql-15, or run deskgate as an ordinary user"
        case .directoryUnusable(let directory, let reason):
            "cannot prepare \(directory) for the embedded PostgreSQL: \(reason); check DESKGATE_STATE_DIR"
        case .unreachableByServerUser(let directory, let user):
            "the '\(user)' user cannot reach \(directory) (a parent directory is closed to it); "
                + "set DESKGATE_STATE_DIR to a directory it can reach, or run deskgate as an ordinary user"
        case .dataDirectoryNotEmpty(let directory):
            "\(directory) holds files but no PostgreSQL cluster; move them away and start again"
        case .initialisationFailed(let detail):
            "creating the embedded PostgreSQL cluster failed: \(detail)"
        case .startFailed(let logFile, let logTail):
            "the embedded PostgreSQL did not start; the end of \(logFile) says:\n\(logTail)"
        case .stopFailed(let output):
            "the embedded PostgreSQL did not stop: \(output)"
        }
    }
}
