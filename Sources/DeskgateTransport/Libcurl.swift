import CCurl

/// The process-wide libcurl runtime. `curl_global_init` is not thread-safe, so it runs
/// once, before any transfer, from the entry point.
public enum Libcurl {
    private static let initialised: Bool = {
        deskgate_curl_global_init() == CURLE_OK
    }()

    /// Initialises libcurl; returns false when the library refused (out of memory, broken TLS backend).
    @discardableResult
    public static func initialise() -> Bool { initialised }

    /// `libcurl/7.88.1 OpenSSL/3.0.x zlib/…` as the library reports itself.
    public static var versionDescription: String {
        String(cString: curl_version())
    }

    /// The protocols this libcurl was built with; IMAP(S) and SMTP(S) are what Deskgate needs.
    public static var supportedProtocols: [String] {
        guard let info = deskgate_curl_version_info(), var cursor = info.pointee.protocols else { return [] }
        var names: [String] = []
        while let name = cursor.pointee {
            names.append(String(cString: name))
            cursor = cursor.advanced(by: 1)
        }
        return names
    }
}
