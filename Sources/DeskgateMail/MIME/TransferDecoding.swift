import Foundation

/// Content-Transfer-Encoding decoders, written for real mail: base64 with line breaks,
/// junk characters and missing padding; quoted-printable with soft breaks, lower-case
/// hex and stray `=` signs that senders forgot to encode.
enum TransferDecoding {
    private static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        // The URL-safe alphabet turns up in mail from some web forms.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes base64, skipping everything outside the alphabet. Returns the bytes and
    /// whether anything had to be tolerated (junk or missing padding).
    static func base64(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], tolerated: Bool) {
        var output = [UInt8]()
        output.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var junk = false
        var sawPadding = false
        base64Values.withUnsafeBufferPointer { table in
            for byte in input {
                let value = table[Int(byte)]
                if value == 0xff {
                    if byte == UInt8(ascii: "=") { sawPadding = true; continue }
                    if byte != 0x0a && byte != 0x0d && byte != 0x20 && byte != 0x09 { junk = true }
                    continue
                }
                // Data after padding is a second base64 run glued on; keep decoding it.
                if sawPadding { sawPadding = false; accumulator = 0; bits = 0 }
                accumulator = (accumulator << 6) | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
        }
        return (output, junk)
    }

    /// Never longer than its input (every escape and line break shrinks or keeps its
    /// length), so the output is written into one allocation of the input's size.
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        input.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count) { output, written in
                var count = 0
                func append(_ byte: UInt8) {
                    output[count] = byte
                    count += 1
                }
                var index = 0
                let end = input.count
                // Trailing whitespace on a line was added in transport (RFC 2045 6.7 rule 3).
                var pendingWhitespace = 0
                while index < end {
                    let byte = input[index]
                    switch byte {
                    case UInt8(ascii: "="):
                        let next = index + 1
                        if next < end, input[next] == 0x0a {
                            index = next + 1; pendingWhitespace = 0; continue
                        }
                        if next + 1 < end, input[next] == 0x0d, input[next + 1] == 0x0a {
                            index = next + 2; pendingWhitespace = 0; continue
                        }
                        if next + 1 < end, let high = hexValue(input[next]), let low = hexValue(input[next + 1]) {
                            append(high << 4 | low)
                            index = next + 2; pendingWhitespace = 0; continue
                        }
                        // "=" at the very end, or before whitespace then a line break: a soft break.
                        var probe = next
                        while probe < end, input[probe] == 0x20 || input[probe] == 0x09 { probe += 1 }
                        if probe == end { index = end; continue }
                        if input[probe] == 0x0a || (input[probe] == 0x0d && probe + 1 < end && input[probe + 1] == 0x0a) {
                            index = input[probe] == 0x0a ? probe + 1 : probe + 2
                            continue
                        }
                        append(byte)
                        index = next
                        pendingWhitespace = 0
                    case 0x20, 0x09:
                        append(byte)
                        pendingWhitespace += 1
                        index += 1
                    case 0x0d where index + 1 < end && input[index + 1] == 0x0a, 0x0a:
                        count -= pendingWhitespace
                        pendingWhitespace = 0
                        if byte == 0x0d { append(0x0d); index += 1 }
                        append(0x0a)
                        index += 1
                    default:
                        append(byte)
                        pendingWhitespace = 0
                        index += 1
                    }
                }
                written = count
            }
        }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
