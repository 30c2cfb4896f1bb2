/// RFC 2045 quoted-printable for our UTF-8 bodies: readable in any client, 7-bit on the
/// wire, lines at most 76 characters, line breaks as CRLF.
enum QuotedPrintableEncoder {
    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let hex = Array("0123456789ABCDEF".utf8)
        for (number, line) in lines.enumerated() {
            var length = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                // A leading dot is encoded too: some relays mangle lines that start with one.
                let needsEscape = !literal || (byte == UInt8(ascii: ".") && length == 0)
                let width = needsEscape ? 3 : 1
                if length + width > 75 {
                    output += Array("=\r\n".utf8)
                    length = 0
                }
                if needsEscape {
                    output += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
                } else {
                    output.append(byte)
                }
                length += width
            }
            if number < lines.count - 1 { output += Array("\r\n".utf8) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
