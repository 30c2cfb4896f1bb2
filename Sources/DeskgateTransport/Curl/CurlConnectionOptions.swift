import CCurl

/// How a client logs in to a mail server (IMAP or SMTP).
public enum MailLogin: Sendable {
    /// No login (an SMTP relay on loopback).
    case none
    case password(username: String, password: String)
    /// SASL XOAUTH2 with a bearer token.
    case oauthBearer(username: String, token: String)
}

/// What IMAP and SMTP transfers set alike: the login, TLS (always verified, optionally
/// against a private CA), and the timeouts that keep a dead server from blocking a thread.
struct CurlConnectionOptions {
    enum TLS { case required, none }

    var tls: TLS
    var login: MailLogin
    var caFile: String?
    var connectTimeoutSeconds: Int
    var stallTimeoutSeconds: Int

    func apply(to transfer: CurlTransfer) {
        switch login {
        case .none:
            transfer.set(CURLOPT_USERNAME, nil)
            transfer.set(CURLOPT_PASSWORD, nil)
        case .password(let username, let password):
            transfer.set(CURLOPT_USERNAME, username)
            transfer.set(CURLOPT_PASSWORD, password)
        case .oauthBearer(let username, let token):
            transfer.set(CURLOPT_USERNAME, username)
            transfer.set(CURLOPT_XOAUTH2_BEARER, token)
            transfer.set(CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2")
        }
        // Implicit TLS comes from the URL's scheme; for the plain schemes this demands STARTTLS.
        transfer.set(CURLOPT_USE_SSL, Int(tls == .required ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue))
        transfer.set(CURLOPT_SSL_VERIFYPEER, 1)
        transfer.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile { transfer.set(CURLOPT_CAINFO, caFile) }
        transfer.set(CURLOPT_CONNECTTIMEOUT, connectTimeoutSeconds)
        transfer.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        transfer.set(CURLOPT_LOW_SPEED_TIME, stallTimeoutSeconds)
        transfer.set(CURLOPT_NOSIGNAL, 1)
    }
}
