import Foundation

/// The real services `scripts/with-services.sh` started for this test run. Outside CI a
/// test whose service is missing is skipped (and reported as skipped); under CI=true it
/// runs and fails, so a broken harness can never pass silently.
public enum TestServices {
    public static let environment = ProcessInfo.processInfo.environment

    public static var isCI: Bool { environment["CI"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false }

    public static var databaseURL: String? { environment["DESKGATE_TEST_DATABASE_URL"] }

    /// For `.enabled(if:)`: run when the service is there, and always under CI.
    public static var postgresExpected: Bool { databaseURL != nil || isCI }

    public struct Missing: Error, CustomStringConvertible {
        public let variable: String
        public var description: String {
            "\(variable) is not set: run the tests through scripts/test.sh (or scripts/with-services.sh swift test)"
        }
    }

    public static func require(_ variable: String) throws -> String {
        guard let value = environment[variable], !value.isEmpty else { throw Missing(variable: variable) }
        return value
    }
}
