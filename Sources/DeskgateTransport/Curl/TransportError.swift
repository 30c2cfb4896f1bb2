import CCurl

/// A mail server could not be used, in words an operator can act on.
public struct TransportError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// DNS, refused connection, timeout: try again later.
        case unreachable
        /// The server's certificate is not trusted (wrong CA, wrong name, expired).
        case certificateRejected
        case authenticationFailed
        /// The folder or message does not exist (or the folder's UIDVALIDITY changed).
        case notFound
        /// The server answered a command with NO or BAD (IMAP) or a 5xx reply (SMTP).
        case refused
        /// The server said "not now" (an SMTP 4xx reply): try again later.
        case temporaryFailure
        case internalFailure
    }

    public let kind: Kind
    public let detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    init(curlCode: CURLcode, detail: String) {
        let kind: Kind
        switch curlCode {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_RECV_ERROR, CURLE_SEND_ERROR,
             CURLE_GOT_NOTHING, CURLE_SSL_CONNECT_ERROR:
            kind = .unreachable
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
            kind = .certificateRejected
        case CURLE_LOGIN_DENIED:
            kind = .authenticationFailed
        case CURLE_REMOTE_FILE_NOT_FOUND:
            kind = .notFound
        case CURLE_QUOTE_ERROR, CURLE_USE_SSL_FAILED:
            kind = curlCode == CURLE_USE_SSL_FAILED ? .certificateRejected : .refused
        default:
            kind = .refused
        }
        self.init(kind: kind, detail: "\(detail) (libcurl error \(curlCode.rawValue))")
    }

    public var description: String {
        switch kind {
        case .unreachable: "the mail server cannot be reached: \(detail); it will be retried"
        case .certificateRejected: "the mail server's TLS certificate is not trusted: \(detail); check the host name and the CA file"
        case .authenticationFailed: "the mail server refused the login: \(detail); check the user and password or token"
        case .notFound: "the folder or message is not on the server: \(detail)"
        case .refused: "the mail server refused the command: \(detail)"
        case .temporaryFailure: "the mail server cannot take it now: \(detail); it will be retried"
        case .internalFailure: "libcurl failed: \(detail)"
        }
    }
}
