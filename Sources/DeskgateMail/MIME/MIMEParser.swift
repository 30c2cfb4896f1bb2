import Foundation

/// Builds the MIME tree of a message from its bytes, within `ParsingLimits`.
struct MIMEParser {
    let limits: ParsingLimits
    private(set) var warnings: [String] = []
    private var partCount = 0

    init(limits: ParsingLimits) { self.limits = limits }

    mutating func parseEntity(_ bytes: ArraySlice<UInt8>, depth: Int = 0) -> MIMEEntity {
        let split = HeaderSection.split(bytes, maximumHeaderBytes: limits.maximumHeaderBytes)
        warnings += split.warnings
        let root = parsePart(headers: split.headers, body: split.body, depth: depth, defaultType: "text/plain")
        return MIMEEntity(headers: split.headers, root: root)
    }

    mutating func parsePart(headers: HeaderBlock, body: ArraySlice<UInt8>, depth: Int, defaultType: String) -> MIMEPart {
        partCount += 1
        var contentType = headers.first("Content-Type").map { ContentHeader.parse($0.rawText) }
            ?? ContentHeader(value: defaultType, parameters: [:])
        warnings += contentType.warnings
        if !contentType.value.containsByte(UInt8(ascii: "/")) {
            if !contentType.value.isEmpty { warnings.append("content type '\(contentType.value)' is not type/subtype; read as \(defaultType)") }
            contentType.value = defaultType
        }
        let disposition = headers.first("Content-Disposition").map { ContentHeader.parse($0.rawText) }
        if let disposition { warnings += disposition.warnings }
        let encoding = headers.first("Content-Transfer-Encoding")?.rawText
            .trimming(.whitespaces).lowercased() ?? ""
        var part = MIMEPart(headers: headers, contentType: contentType, disposition: disposition,
                            transferEncoding: encoding, encodedBody: body)

        if part.isMultipart {
            guard depth < limits.maximumNestingDepth else {
                warnings.append("MIME nesting deeper than \(limits.maximumNestingDepth) levels; inner parts skipped")
                return part
            }
            guard let boundary = contentType[parameter: "boundary"], !boundary.isEmpty else {
                warnings.append("\(contentType.value) without a boundary read as plain text")
                part.contentType = ContentHeader(value: "text/plain", parameters: [:])
                return part
            }
            let childDefault = contentType.value == "multipart/digest" ? "message/rfc822" : "text/plain"
            let childBodies = splitMultipart(body, boundary: boundary)
            if childBodies.isEmpty {
                // No boundary anywhere: what is there is still worth reading as text.
                part.contentType = ContentHeader(value: "text/plain", parameters: contentType.parameters.filter { $0.key == "charset" })
                return part
            }
            for childBytes in childBodies {
                guard partCount < limits.maximumParts else {
                    warnings.append("more than \(limits.maximumParts) MIME parts; the rest were skipped")
                    break
                }
                let split = HeaderSection.split(childBytes, maximumHeaderBytes: limits.maximumHeaderBytes)
                warnings += split.warnings
                part.children.append(parsePart(headers: split.headers, body: split.body, depth: depth + 1, defaultType: childDefault))
            }
        } else if contentType.value == "message/rfc822" || contentType.value == "message/global" {
            guard depth < limits.maximumNestingDepth else {
                warnings.append("attached messages nested deeper than \(limits.maximumNestingDepth) levels; not parsed")
                return part
            }
            let inner: ArraySlice<UInt8>
            if encoding == "base64" || encoding == "quoted-printable" {
                inner = ArraySlice(part.decodedBody(limit: limits.maximumDecodedBytes).bytes)
            } else {
                inner = body
            }
            part.attachedMessage = parseEntity(inner, depth: depth + 1)
        }
        return part
    }

    /// The bodies between boundary lines. A missing closing boundary ends the last part at
    /// the end of the message, with a warning; the line break before a boundary belongs to it.
    mutating func splitMultipart(_ body: ArraySlice<UInt8>, boundary: String) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        let end = body.endIndex
        var closed = false
        while index < end {
            // Only a line that opens with the delimiter can be a boundary: jump to the next
            // place the delimiter opens a line, over the lines of the parts between.
            guard let found = body.index(of: delimiter, atLineStartFrom: index) else { break }
            index = found
            let lineEnd = body.index(ofByte: 0x0a, from: index) ?? end
            let nextLine = lineEnd < end ? lineEnd + 1 : end
            if body[index] == UInt8(ascii: "-"), lineEnd - index >= delimiter.count,
               body[index..<(index + delimiter.count)].elementsEqual(delimiter) {
                let after = index + delimiter.count
                let isClose = after + 1 < end && body[after] == UInt8(ascii: "-") && body[after + 1] == UInt8(ascii: "-")
                // Only whitespace may follow the boundary on its line.
                let tailStart = isClose ? after + 2 : after
                let tailIsBlank = body[tailStart..<lineEnd].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }
                if tailIsBlank {
                    if let start = partStart {
                        var partEnd = index
                        if partEnd > start, body[partEnd - 1] == 0x0a { partEnd -= 1 }
                        if partEnd > start, body[partEnd - 1] == 0x0d { partEnd -= 1 }
                        parts.append(body[start..<max(start, partEnd)])
                    }
                    if isClose { closed = true; break }
                    partStart = nextLine
                }
            }
            index = nextLine
        }
        if !closed {
            if let start = partStart, start < end {
                parts.append(body[start..<end])
            }
            warnings.append(parts.isEmpty ? "multipart boundary \(boundary) never found" : "multipart boundary \(boundary) never closed")
        }
        return parts
    }
}
