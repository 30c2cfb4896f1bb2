import Dispatch

/// Where blocking libcurl calls run: dispatch threads, never the async executor, whose few
/// threads must stay free for everything else the daemon does.
public enum BlockingExecutor {
    private static let queue = DispatchQueue(label: "deskgate.blocking-io", attributes: .concurrent)

    public static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Swift.Result { try body() }) }
        }
    }
}
