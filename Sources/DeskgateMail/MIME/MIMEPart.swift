import Foundation

/// One node of a message's MIME tree. Leaves keep their still-encoded body as a slice of
/// the original bytes, so nothing is copied or decoded until it is needed.
public struct MIMEPart: Sendable {
    public var headers: HeaderBlock
    public var contentType: ContentHeader
    public var disposition: ContentHeader?
    public var transferEncoding: String
    public var encodedBody: ArraySlice<UInt8>
    public var children: [MIMEPart]
    /// For `message/rfc822` (and `message/global`): the attached message, parsed.
    public var attachedMessage: MIMEEntity? {
        get { attachedStorage.first }
        set { attachedStorage = newValue.map { [$0] } ?? [] }
    }
    // An array, because a struct cannot hold an optional of a type that contains it.
    private var attachedStorage: [MIMEEntity] = []

    init(headers: HeaderBlock, contentType: ContentHeader, disposition: ContentHeader?, transferEncoding: String,
         encodedBody: ArraySlice<UInt8>) {
        self.headers = headers
        self.contentType = contentType
        self.disposition = disposition
        self.transferEncoding = transferEncoding
        self.encodedBody = encodedBody
        self.children = []
    }

    public var mediaType: String { contentType.value }
    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }

    public var filename: String? {
        let name = disposition?[parameter: "filename"] ?? contentType[parameter: "name"]
        guard let name, !name.trimming(.whitespaces).isEmpty else { return nil }
        return name
    }

    public var contentID: String? {
        guard let raw = headers.first("Content-ID")?.rawText.trimming(.whitespaces), !raw.isEmpty else { return nil }
        return raw.hasPrefix("<") ? raw : "<\(raw)>"
    }

    public var isAttachmentDisposition: Bool { disposition?.value == "attachment" }

    /// The body with its transfer encoding undone.
    public func decodedBody(limit: Int) -> (bytes: [UInt8], warnings: [String]) {
        var warnings: [String] = []
        var bytes: [UInt8]
        switch transferEncoding {
        case "base64":
            let result = TransferDecoding.base64(encodedBody)
            bytes = result.bytes
            if result.tolerated { warnings.append("base64 body of \(mediaType) had characters outside the alphabet; they were skipped") }
        case "quoted-printable":
            bytes = TransferDecoding.quotedPrintable(encodedBody)
        case "7bit", "8bit", "binary", "":
            bytes = Array(encodedBody)
        default:
            if transferEncoding.hasPrefix("x-uue") || transferEncoding == "uuencode" {
                warnings.append("\(transferEncoding) transfer encoding not decoded")
            } else {
                warnings.append("unknown transfer encoding \(transferEncoding) treated as 8bit")
            }
            bytes = Array(encodedBody)
        }
        if bytes.count > limit {
            warnings.append("decoded \(mediaType) of \(bytes.count) bytes cut to the \(limit)-byte limit")
            bytes.removeLast(bytes.count - limit)
        }
        return (bytes, warnings)
    }
}

/// A whole message or an attached one: its headers and the MIME tree of its body.
public struct MIMEEntity: Sendable {
    public var headers: HeaderBlock
    public var root: MIMEPart
}
