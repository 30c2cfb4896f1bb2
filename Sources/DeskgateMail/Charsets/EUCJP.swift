/// EUC-JP, which the Linux CoreFoundation cannot convert, re-encoded as Shift_JIS (which it
/// can): both are JIS X 0208 with different byte arithmetic, so the mapping is exact. The
/// rare JIS X 0212 characters (three-byte 0x8F sequences) have no Shift_JIS form and become "〓",
/// the geta mark Japanese mail uses for an unrepresentable character.
enum EUCJP {
    static func toShiftJIS(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                output.append(byte)
                index += 1
            } else if byte == 0x8E, index + 1 < bytes.count {
                output.append(bytes[index + 1]) // half-width katakana
                index += 2
            } else if byte == 0x8F, index + 2 < bytes.count {
                output += [0x81, 0xAC] // 〓
                index += 3
            } else if (0xA1...0xFE).contains(byte), index + 1 < bytes.count, (0xA1...0xFE).contains(bytes[index + 1]) {
                let row = Int(byte) - 0x80, cell = Int(bytes[index + 1]) - 0x80
                let first = ((row + 1) >> 1) + (row <= 0x5E ? 0x70 : 0xB0)
                let second = row & 1 == 1 ? cell + (cell >= 0x60 ? 0x20 : 0x1F) : cell + 0x7E
                output += [UInt8(first), UInt8(second)]
                index += 2
            } else {
                output += [0x81, 0xAC]
                index += 1
            }
        }
        return output
    }
}
