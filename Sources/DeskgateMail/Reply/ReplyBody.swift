/// A line of a reply body: a range of the body's bytes, or, for the few lines the trimmer
/// makes anew (a shared line split, a wrapped quote header joined), a text of its own.
struct BodyLine {
    var range: Range<Int> = 0..<0
    var own: String?

    init(range: Range<Int>) { self.range = range }
    init(own: String) { self.own = own }
}

/// A reply body's bytes while it is trimmed. Lines are read where they lie: most are
/// classified, kept and joined into the reply without ever becoming a String of their own.
/// Holds the bytes of a `withUTF8` call, so it lives only as long as that call.
struct ReplyBody {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The lines between LFs (a final LF leaves an empty last line, as splitting does).
    var lines: [BodyLine] {
        var lines: [BodyLine] = []
        var start = 0
        while true {
            let end = bytes.index(ofByte: 0x0A, from: start) ?? bytes.count
            lines.append(BodyLine(range: start..<end))
            guard end < bytes.count else { return lines }
            start = end + 1
        }
    }

    func withBytes<Result>(_ line: BodyLine, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard var own = line.own else { return body(UnsafeBufferPointer(rebasing: bytes[line.range])) }
        return own.withUTF8(body)
    }

    func text(_ line: BodyLine) -> String {
        line.own ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[line.range]), as: UTF8.self)
    }

    /// The lines joined by LFs, as one String.
    func joined(_ lines: [BodyLine]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(lines.reduce(0) { $0 + ($1.own?.utf8.count ?? $1.range.count) + 1 })
        for (index, line) in lines.enumerated() {
            if index > 0 { output.append(0x0A) }
            withBytes(line) { output.append(contentsOf: $0) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
