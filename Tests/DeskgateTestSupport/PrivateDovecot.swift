import Foundation

/// A Dovecot of one test's own (scripts/services/dovecot-instance.sh), for tests that stop
/// and start the server: the shared one serves every other test at the same time.
public final class PrivateDovecot: Sendable {
    public let port: Int
    public let directory: TemporaryDirectory
    /// The test user's Maildir; a folder `F` is its subfolder `.F`.
    public var maildir: String { directory.path + "/dovecot/mail/desk" }

    public init() async throws {
        directory = try TemporaryDirectory(prefix: "deskgate-dovecot")
        let created = try await Self.script("create", directory.path)
        guard let port = Int(created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(action: "create", output: created.standardError)
        }
        self.port = port
    }

    public func stop() async throws { try await Self.script("stop", directory.path) }
    public func start() async throws { try await Self.script("start", directory.path) }

    public struct Failure: Error, CustomStringConvertible {
        public let action: String
        public let output: String
        public var description: String { "dovecot-instance.sh \(action) failed: \(output)" }
    }

    @discardableResult
    private static func script(_ action: String, _ directory: String) async throws -> DeskgateBinary.Result {
        let path = TestSMTP.repository.appendingPathComponent("scripts/services/dovecot-instance.sh").path
        let result = try await ExternalProgram.run(path, [action, directory])
        guard result.status == 0 else { throw Failure(action: action, output: result.standardError) }
        return result
    }

    deinit {
        // A test that failed half-way must not leave a server behind.
        if let pid = try? String(contentsOfFile: directory.path + "/dovecot/run/master.pid", encoding: .utf8),
           let number = pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(number, SIGTERM)
        }
    }
}
