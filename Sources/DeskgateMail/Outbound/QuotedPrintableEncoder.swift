/// RFC 2045 quoted-printable for our UTF-8 bodies: readable in any client, 7-bit on the
/// wire, lines at most 76 characters, line breaks as CRLF. Every acknowledgement is
/// encoded twice (text and HTML), so it works on the bytes in one pass.
enum QuotedPrintableEncoder {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String) -> String {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 8 + 16)
        var lineStart = 0
        while true {
            var lineEnd = lineStart
            while lineEnd < input.count, input[lineEnd] != 0x0A { lineEnd += 1 }
            let hasBreak = lineEnd < input.count
            // CRLF and LF both end a line.
            let contentEnd = hasBreak && lineEnd > lineStart && input[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
            encodeLine(input[lineStart..<contentEnd], into: &output)
            guard hasBreak else { break }
            output += [0x0D, 0x0A]
            lineStart = lineEnd + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func encodeLine(_ bytes: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var length = 0
        for index in bytes.indices {
            let byte = bytes[index]
            let isLast = index == bytes.endIndex - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            // A leading dot is encoded too: some relays mangle lines that start with one.
            let needsEscape = !literal || (byte == UInt8(ascii: ".") && length == 0)
            let width = needsEscape ? 3 : 1
            if length + width > 75 {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                length = 0
            }
            if needsEscape {
                output += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            } else {
                output.append(byte)
            }
            length += width
        }
    }
}
