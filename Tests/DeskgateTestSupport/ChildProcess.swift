import Foundation

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
        let process = try RunningDeskgate(arguments: arguments, environment: environment, workingDirectory: workingDirectory,
                                          executable: shell ? URL(fileURLWithPath: "/bin/sh") : url)
        return await process.finish()
    }

    public static func start(_ arguments: [String], environment: [String: String] = [:],
                             workingDirectory: String? = nil) throws -> RunningDeskgate {
        try RunningDeskgate(arguments: arguments, environment: environment, workingDirectory: workingDirectory, executable: url)
    }
}

/// A `deskgate` child process whose output is collected in files (pipes could fill and block it).
public final class RunningDeskgate: @unchecked Sendable {
    public let process = Process()
    private let outputFile: URL
    private let errorFile: URL

    init(arguments: [String], environment: [String: String], workingDirectory: String?, executable: URL) throws {
        let scratch = FileManager.default.temporaryDirectory
        outputFile = scratch.appendingPathComponent("deskgate-\(UUID().uuidString).out")
        errorFile = scratch.appendingPathComponent("deskgate-\(UUID().uuidString).err")
        for file in [outputFile, errorFile] where !FileManager.default.createFile(atPath: file.path, contents: nil) {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        // The child must not pick up a developer's own settings by accident.
        for key in merged.keys where key.hasPrefix("DESKGATE_") && !key.hasPrefix("DESKGATE_TEST_") { merged[key] = nil }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public var standardError: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }
    public var standardOutput: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for exit without blocking the async executor.
    public func finish(timeout: Duration = .seconds(120)) async -> DeskgateBinary.Result {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try? await Task.sleep(for: .milliseconds(50))
        }
        defer {
            try? FileManager.default.removeItem(at: outputFile)
            try? FileManager.default.removeItem(at: errorFile)
        }
        return DeskgateBinary.Result(status: process.terminationStatus, standardOutput: standardOutput,
                                     standardError: standardError)
    }
}
