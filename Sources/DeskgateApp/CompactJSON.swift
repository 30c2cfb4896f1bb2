/// A flat JSON object written by hand, keys sorted as `JSONLine` sorts them. For the small
/// summaries written with every mail: Foundation's JSONEncoder took several percent of the
/// ticket engine's time for three of them per message.
struct CompactJSON {
    enum Value {
        case string(String?)
        case integer(Int64?)
        case boolean(Bool)
    }

    private var fields: [(key: String, value: Value)] = []

    /// Each key once: the callers write every field a single time.
    mutating func add(_ key: String, _ value: Value) {
        fields.append((key, value))
    }

    var text: String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            Self.append(string: field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch field.value {
            case .string(let value?): Self.append(string: value, to: &out)
            case .integer(let value?): out += String(value).utf8
            case .boolean(let value): out += (value ? "true" : "false").utf8
            case .string(nil), .integer(nil): out += "null".utf8
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte by byte: only quotes, backslashes and control characters need escaping, and
    /// every other byte of UTF-8 goes out as it is.
    private static func append(string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x0a: out += #"\n"#.utf8
            case 0x0d: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case ..<0x20:
                let hex = String(byte, radix: 16)
                out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
