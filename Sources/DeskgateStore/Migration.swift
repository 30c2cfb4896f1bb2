import Crypto
import Foundation

/// One numbered schema change, read from `Migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    /// Recorded when applied, so an edited file is noticed instead of silently diverging.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads `0001_schema_v1.sql` as version 1 named `schema_v1`.
    public init(fileName: String, sql: String) throws(MigrationError) {
        guard fileName.hasSuffix(".sql") else { throw .badFileName(fileName) }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_"),
              let version = Int(stem[stem.startIndex..<underscore]), version > 0
        else { throw .badFileName(fileName) }
        self.init(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql)
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case badFileName(String)
    case duplicateVersion(Int)
    case missingBundle
    case edited(version: Int, name: String)
    case unknownApplied(version: Int)

    public var description: String {
        switch self {
        case .badFileName(let name):
            "migration file '\(name)' is not named NNNN_description.sql; rename it"
        case .duplicateVersion(let version):
            "two migration files carry version \(version); give each its own number"
        case .missingBundle:
            "the migrations folder is missing from the installation; reinstall deskgate"
        case .edited(let version, let name):
            "migration \(version) (\(name)) was changed after it was applied to this database; "
                + "restore the original file and put the change in a new migration"
        case .unknownApplied(let version):
            "this database has migration \(version) applied, which this deskgate does not know; "
                + "run a deskgate at least as new as the one that migrated it"
        }
    }
}

public enum MigrationCatalog {
    /// The migrations shipped with this build, in version order.
    public static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError.missingBundle
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }
        let migrations = try names.map { name in
            try Migration(fileName: name, sql: String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        return try ordered(migrations)
    }

    public static func ordered(_ migrations: [Migration]) throws(MigrationError) -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.version == later.version {
            throw .duplicateVersion(later.version)
        }
        return sorted
    }
}
