import DeskgateTransport
import Foundation
import Synchronization

/// The built `deskgate` executable, run as operators run it.
public enum DeskgateBinary {
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["DESKGATE_BINARY"] { return URL(fileURLWithPath: path) }
        // Tests run from the build folder's test bundle; the executable sits beside it.
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("deskgate")
    }

    public struct Result: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    /// Runs to completion with the given arguments and extra environment.
    /// With `shell`, the arguments go to /bin/sh instead (for redirections).
    public static func run(_ arguments: [String], environment: [String: String] = [:],
                           workingDirectory: String? = nil, shell: Bool = false) async throws -> Result {
        let process = try ChildProcess(arguments: arguments, environment: environment, workingDirectory: workingDirectory,
                                          executable: shell ? URL(fileURLWithPath: "/bin/sh") : url)
        return await process.finish()
    }

    public static func start(_ arguments: [String], environment: [String: String] = [:],
                             workingDirectory: String? = nil) throws -> ChildProcess {
        try ChildProcess(arguments: arguments, environment: environment, workingDirectory: workingDirectory, executable: url)
    }
}

/// A child process (usually `deskgate`) whose output is collected in files (pipes could fill
/// and block it), reaped with waitpid (see `ProcessSpawn`).
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let outputFile: URL
    private let errorFile: URL
    private let state = Mutex<Int32?>(nil)

    init(arguments: [String], environment: [String: String], workingDirectory: String?, executable: URL) throws {
        let scratch = FileManager.default.temporaryDirectory
        outputFile = scratch.appendingPathComponent("deskgate-\(UUID().uuidString).out")
        errorFile = scratch.appendingPathComponent("deskgate-\(UUID().uuidString).err")
        var merged = ProcessInfo.processInfo.environment
        // The child must not pick up a developer's own settings by accident.
        for key in merged.keys where key.hasPrefix("DESKGATE_") && !key.hasPrefix("DESKGATE_TEST_") { merged[key] = nil }
        merged.merge(environment) { _, new in new }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Glibc's addchdir_np is not visible to Swift; sh changes directory and then execs the
        // program, so the child keeps the pid that signals go to.
        let argv = workingDirectory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable.path] + arguments }
            ?? [executable.path] + arguments
        pid = try ProcessSpawn.start(argv, environment: merged, fileActions: &actions)
    }

    public var standardError: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }
    public var standardOutput: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) {
        state.withLock { exit in if exit == nil { kill(pid, signal) } }
    }

    /// Reaps the child when it has ended, without waiting.
    public var isRunning: Bool { exitStatus == nil }

    /// The shell's convention: the exit code, or 128 + the signal that ended it.
    public var exitStatus: Int32? {
        state.withLock { exit in
            if exit == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exit = ProcessSpawn.exitCode(fromWaitStatus: status)
                }
            }
            return exit
        }
    }

    /// Waits for exit without blocking the async executor. Past the timeout the child gets
    /// SIGTERM, five seconds later SIGKILL; a cancelled test kills it at once.
    public func finish(timeout: Duration = .seconds(120)) async -> DeskgateBinary.Result {
        let deadline = ContinuousClock.now + timeout
        var terminated = false
        while isRunning {
            if Task.isCancelled || ContinuousClock.now > deadline + .seconds(5) {
                signal(SIGKILL)
            } else if ContinuousClock.now > deadline, !terminated {
                signal(SIGTERM)
                terminated = true
            }
            // Once cancelled this returns at once; the SIGKILL above ends the loop soon after.
            try? await Task.sleep(for: .milliseconds(50))
        }
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        return DeskgateBinary.Result(status: exitStatus ?? -1, standardOutput: standardOutput, standardError: standardError)
    }
}

/// Other programs the tests use as independent clients (curl).
public enum ExternalProgram {
    public static func run(_ path: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> DeskgateBinary.Result {
        try await ChildProcess(arguments: arguments, environment: [:], workingDirectory: nil,
                               executable: URL(fileURLWithPath: path)).finish(timeout: timeout)
    }
}
