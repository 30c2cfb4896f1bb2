import CCurl
import Foundation

/// One libcurl easy handle. Not thread-safe, as libcurl's handles are not: an owner uses it
/// from one blocking call at a time. Reusing the handle reuses its connection.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init() throws(TransportError) {
        Libcurl.initialise()
        guard let handle = curl_easy_init() else { throw TransportError(kind: .internalFailure, detail: "curl_easy_init failed") }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
        if let headerList { curl_slist_free_all(headerList) }
    }

    func set(_ option: CURLoption, _ value: Int) {
        _ = deskgate_curl_setopt_long(handle, option, value)
    }

    func set(_ option: CURLoption, _ value: String?) {
        // libcurl copies string options (since 7.17), so the C string need not outlive the call.
        if let value {
            _ = value.withCString { deskgate_curl_setopt_string(handle, option, $0) }
        } else {
            _ = deskgate_curl_setopt_string(handle, option, nil)
        }
    }

    /// Performs the configured transfer, collecting what the server sends. `upload` is sent
    /// as the request body (IMAP APPEND, SMTP DATA).
    func perform(upload: [UInt8]? = nil) throws(TransportError) -> [UInt8] {
        let sink = TransferBuffers(upload: upload ?? [])
        let opaque = Unmanaged.passUnretained(sink).toOpaque()
        _ = deskgate_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let sink = Unmanaged<TransferBuffers>.fromOpaque(userdata).takeUnretainedValue()
            let length = size * count
            buffer.withMemoryRebound(to: UInt8.self, capacity: length) { sink.received.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
            return length
        }
        _ = deskgate_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque)
        if upload != nil {
            set(CURLOPT_UPLOAD, 1)
            set(CURLOPT_INFILESIZE_LARGE, sink.upload.count)
            _ = deskgate_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, userdata in
                guard let buffer, let userdata else { return 0 }
                let sink = Unmanaged<TransferBuffers>.fromOpaque(userdata).takeUnretainedValue()
                let length = min(size * count, sink.upload.count - sink.uploaded)
                sink.upload.withUnsafeBufferPointer { source in
                    buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
                        $0.update(from: source.baseAddress! + sink.uploaded, count: length)
                    }
                }
                sink.uploaded += length
                return length
            }
            _ = deskgate_curl_setopt_pointer(handle, CURLOPT_READDATA, opaque)
        } else {
            set(CURLOPT_UPLOAD, 0)
        }
        errorBuffer.withUnsafeMutableBufferPointer { _ = deskgate_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, $0.baseAddress) }
        errorBuffer[0] = 0
        let code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        _ = deskgate_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, nil)
        guard code == CURLE_OK else {
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw TransportError(curlCode: code, detail: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        }
        return sink.received
    }
}

private final class TransferBuffers {
    var received: [UInt8] = []
    let upload: [UInt8]
    var uploaded = 0
    init(upload: [UInt8]) { self.upload = upload }
}
