/// How to reach and log in to one IMAP server.
public struct IMAPSettings: Sendable {
    public enum Security: Sendable, Equatable {
        /// TLS from the first byte (port 993).
        case imaps
        /// Plain connection upgraded with STARTTLS before login; refused if the server cannot.
        case startTLS
        /// No encryption: only for a server on this machine.
        case none
    }

    public typealias Credentials = MailLogin

    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials
    /// A PEM file of CAs to trust instead of the system's.
    public var caFile: String?
    public var connectTimeoutSeconds: Int
    /// A transfer slower than 1 byte/s for this long is abandoned.
    public var stallTimeoutSeconds: Int

    public init(host: String, port: Int, security: Security, credentials: Credentials, caFile: String? = nil,
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
