import Foundation

/// A directory that exists for one test and is removed after it.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "deskgate-test") throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix).XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard mkdtemp(&bytes) != nil else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: bytes)
        // The embedded cluster runs as another user when the tests run as root.
        chmod(path, 0o755)
    }

    public func file(_ name: String, contents: String) throws -> String {
        let target = (path as NSString).appendingPathComponent(name)
        try contents.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
