import DeskgateTransport
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

        let pid: pid_t
        do {
            pid = try ProcessSpawn.start(argv, environment: environment ?? ProcessInfo.processInfo.environment, fileActions: &actions)
        } catch {
            throw Failure(command: argv.joined(separator: " "), status: -1, output: "\(error)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { break }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: ProcessSpawn.exitCode(fromWaitStatus: status), output: output)
    }
}
