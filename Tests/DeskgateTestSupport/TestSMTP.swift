import DeskgateTransport
import Foundation

/// The test SMTP server (aiosmtpd, `scripts/services/smtp_sink.py`): every mail it accepts
/// lands in its spool as `.eml` with the envelope in a `.json` beside it.
public enum TestSMTP {
    public static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static func settings(port: Int? = nil) throws -> SMTPSettings {
        SMTPSettings(host: "127.0.0.1", port: try port ?? Int(TestServices.require("DESKGATE_TEST_SMTP_PORT"))!, security: .none,
                     connectTimeoutSeconds: 5)
    }

    public static func url(port: Int? = nil) throws -> String {
        "smtp://127.0.0.1:\(try port ?? Int(TestServices.require("DESKGATE_TEST_SMTP_PORT"))!)"
    }

    public struct Received: Sendable {
        public let raw: [UInt8]
        public let mailFrom: String
        public let recipients: [String]
    }

    /// Every mail in `spool` (default: the shared sink's) whose text contains `marker`.
    public static func received(containing marker: String, spool: String? = nil) throws -> [Received] {
        let directory = try spool ?? TestServices.require("DESKGATE_TEST_SMTP_SPOOL")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)"),
                  String(decoding: data, as: UTF8.self).contains(marker),
                  let envelopeData = FileManager.default.contents(atPath: "\(directory)/\(name.dropLast(4)).json"),
                  let envelope = try? JSONSerialization.jsonObject(with: envelopeData) as? [String: Any]
            else { return nil }
            return Received(raw: Array(data), mailFrom: envelope["mail_from"] as? String ?? "",
                            recipients: envelope["rcpt_tos"] as? [String] ?? [])
        }
    }

    /// Waits up to `timeout` for `count` mails containing `marker`.
    public static func await(_ count: Int, containing marker: String, spool: String? = nil,
                             timeout: Duration = .seconds(20)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = try received(containing: marker, spool: spool)
            if found.count >= count || ContinuousClock.now > deadline { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// A sink of the test's own, which the test can stop and start again on the same port.
    /// Started and reaped by pid (see `ProcessSpawn`).
    public final class PrivateSink: @unchecked Sendable {
        public let port: Int
        public let spool: String
        private let spoolDirectory: TemporaryDirectory
        private var pid: pid_t = 0

        public init() throws {
            port = try FreePort.next()
            spoolDirectory = try TemporaryDirectory(prefix: "deskgate-sink")
            spool = spoolDirectory.path
            try start()
        }

        public func start() throws {
            let python = TestSMTP.repository.appendingPathComponent(".build-tools/venv/bin/python").path
            let script = TestSMTP.repository.appendingPathComponent("scripts/services/smtp_sink.py").path
            let arguments = [python, script, "--port", String(port), "--spool", spool]
            pid = try ProcessSpawn.start(arguments, environment: ProcessInfo.processInfo.environment, fileActions: nil)
            // Ready once it accepts connections.
            for _ in 0..<200 {
                if FreePort.isListening(port) { return }
                usleep(25_000)
            }
        }

        public func stop() {
            guard pid != 0 else { return }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            pid = 0
        }

        deinit { stop() }
    }
}
