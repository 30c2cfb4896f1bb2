import Dispatch
import Foundation

/// Runs helper programs (`initdb`, `pg_ctl`) to completion. Waiting on a child blocks a
/// thread, so the async form hands the wait to a dispatch queue, never the async executor.
struct ProcessRunner: Sendable {
    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let output: String
        var description: String {
            let tail = output.split(separator: "\n").suffix(5).joined(separator: "\n")
            return "`\(command)` failed with status \(status)\(tail.isEmpty ? "" : ":\n\(tail)")"
        }
    }

    private static let queue = DispatchQueue(label: "deskgate.process-runner", attributes: .concurrent)

    /// Runs `executable` with `arguments`, as `user` when given (through `runuser`, which
    /// only root can do). Standard output and error are captured together.
    func run(_ executable: String, _ arguments: [String], as user: String? = nil,
             environment: [String: String]? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async {
                continuation.resume(with: Swift.Result { try self.runBlocking(executable, arguments, as: user, environment: environment) })
            }
        }
    }

    func runChecked(_ executable: String, _ arguments: [String], as user: String? = nil) async throws -> String {
        let result = try await run(executable, arguments, as: user)
        guard result.status == 0 else {
            throw Failure(command: ([executable] + arguments).joined(separator: " "), status: result.status, output: result.output)
        }
        return result.output
    }

    /// posix_spawn and waitpid rather than Foundation's Process: its exit detection relies
    /// on a run loop that a dispatch worker thread does not have, and it missed exits there.
    private func runBlocking(_ executable: String, _ arguments: [String], as user: String?,
                             environment: [String: String]?) throws -> Result {
        let argv = user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] + arguments } ?? [executable] + arguments
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("deskgate-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // A file, not a pipe: pg_ctl's server inherits the descriptors and would hold a pipe open.
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let environmentEntries = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = environmentEntries.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else {
            throw Failure(command: argv.joined(separator: " "), status: -1, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { break }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus, output: output)
    }
}
