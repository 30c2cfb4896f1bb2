/// Sends one composed mail to its recipients. The SMTP sender and the file outbox of the
/// embedded default are the two kinds.
public protocol MailSender: Sendable {
    func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws -> SendReport
}

/// What the server said about each recipient of a mail it accepted for at least one.
public struct SendReport: Sendable, Equatable {
    public struct Refusal: Sendable, Equatable {
        public var recipient: String
        /// The server's reply, e.g. `550 5.1.1 <x@y>: Recipient address rejected`.
        public var reply: String
        public var isPermanent: Bool { reply.hasPrefix("5") }
    }

    public var accepted: [String]
    public var refused: [Refusal]

    public init(accepted: [String], refused: [Refusal] = []) {
        self.accepted = accepted
        self.refused = refused
    }
}

/// How to reach and log in to the SMTP server.
public struct SMTPSettings: Sendable {
    public enum Security: Sendable, Equatable {
        /// TLS from the first byte (port 465).
        case smtps
        /// Plain connection upgraded with STARTTLS before anything else; refused if the server cannot.
        case startTLS
        /// No encryption: only for a server on this machine.
        case none
    }

    public typealias Credentials = MailLogin

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials
    public var caFile: String?
    public var connectTimeoutSeconds: Int
    public var stallTimeoutSeconds: Int

    public init(host: String, port: Int, security: Security, credentials: Credentials = .none, caFile: String? = nil,
                connectTimeoutSeconds: Int = 15, stallTimeoutSeconds: Int = 60) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.caFile = caFile
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.stallTimeoutSeconds = stallTimeoutSeconds
    }
}
