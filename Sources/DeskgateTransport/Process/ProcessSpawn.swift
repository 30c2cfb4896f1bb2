import Foundation

/// Starts programs with posix_spawn: Foundation's `Process` notices a child's exit through a
/// run loop that dispatch threads lack, and sometimes never does.
public enum ProcessSpawn {
    /// Starts `arguments[0]` (a path) and returns its pid. The child begins with no signal
    /// blocked and every signal at its default: a dispatch thread blocks signals, and a child
    /// that inherited that mask would ignore the SIGTERM meant to stop it.
    public static func start(_ arguments: [String], environment: [String: String],
                             fileActions: UnsafePointer<posix_spawn_file_actions_t>?) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var cArguments = arguments.map { strdup($0) } + [nil]
        var cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], fileActions, &attributes, &cArguments, &cEnvironment)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .ENOEXEC) }
        return pid
    }

    /// The shell's convention for a `waitpid` status: the exit code, or 128 + the signal.
    public static func exitCode(fromWaitStatus status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
