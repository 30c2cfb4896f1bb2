/// Reads the words of a text one Unicode scalar at a time. Both the knowledge query and
/// the language guess read every word of every mail; going by Character ran the grapheme
/// breaker and a property look-up per character, a quarter of the ticket engine's time.
/// A combining mark continues the word before it, as it would belong to that word's
/// last Character.
enum WordScanner {
    /// Letters and digits (`Character.isLetter` / `isNumber` of the scalar).
    @inline(__always) static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    @inline(__always) static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) }
        return scalar.properties.isAlphabetic
    }

    @inline(__always) static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x300 else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The text's UTF-8, without a copy where the string is contiguous (nearly always).
    static func withUTF8<Result>(_ text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = String(text)
        return copy.withUTF8(body)
    }

    /// The scalar of valid UTF-8 (a Swift string's) starting with a byte of 0x80 or more.
    @inline(__always) static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        func continuation(_ offset: Int) -> UInt32 { UInt32(bytes[index + offset] & 0x3F) }
        let value: UInt32, length: Int
        if lead < 0xE0 {
            (value, length) = ((lead & 0x1F) << 6 | continuation(1), 2)
        } else if lead < 0xF0 {
            (value, length) = ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
        } else {
            (value, length) = ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Runs of letters (and the marks on them), lower-cased, at most `limit` of them; those
    /// of at most eight ASCII letters come back packed (`WordBuffer.packed`), the others
    /// count towards the limit but are left out: a reader looking for short words need not
    /// make, nor hash, a String of each.
    static func packedLetterRuns(in text: String, limit: Int) -> [UInt64] {
        withUTF8(text) { bytes in
            var words: [UInt64] = []
            var runs = 0
            var current = WordBuffer()
            var scalars = LowercasedScalars(bytes)
            while runs < limit {
                let next = scalars.next()
                if let (scalar, _) = next, isLetter(scalar) || (!current.isEmpty && isMark(scalar)) {
                    current.append(scalar)
                    continue
                }
                if !current.isEmpty {
                    runs += 1
                    if let packed = current.packed { words.append(packed) }
                    current.clear()
                }
                if next == nil { break }
            }
            return words
        }
    }
}

/// A text's scalars lower-cased one by one, as `String.lowercased()` maps them, each with
/// the UTF-8 offset of the scalar it came from: a reader that stops after a few words need
/// not lower-case a long text first. ASCII, nearly all of a mail's text, never goes through
/// the Unicode property tables.
struct LowercasedScalars: IteratorProtocol {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The rest of a scalar whose lower case is several ("İ" is "i" and a dot above).
    private var expansion: [Unicode.Scalar] = []
    private var expansionOffset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    @inline(__always) mutating func next() -> (Unicode.Scalar, Int)? {
        if !expansion.isEmpty { return (expansion.removeFirst(), expansionOffset) }
        guard index < bytes.count else { return nil }
        let offset = index
        let byte = bytes[index]
        if byte < 0x80 {
            index += 1
            return (Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte), offset)
        }
        let (scalar, length) = WordScanner.decode(bytes, at: index)
        index += length
        guard scalar.properties.changesWhenLowercased else { return (scalar, offset) }
        var lower = Array(scalar.properties.lowercaseMapping.unicodeScalars)
        guard !lower.isEmpty else { return next() }
        let first = lower.removeFirst()
        expansion = lower
        expansionOffset = offset
        return (first, offset)
    }
}

/// A word being read, kept as UTF-8 until it is complete: appending scalar by scalar to a
/// String costs far more.
struct WordBuffer {
    private var bytes: [UInt8] = []
    var isEmpty: Bool { bytes.isEmpty }
    /// A word of one to eight ASCII bytes as one number, its bytes in order: a look-up by it
    /// costs far less than hashing a String. Nil for any other word.
    var packed: UInt64? { Self.packed(bytes) }

    static func packed(_ bytes: some Collection<UInt8>) -> UInt64? {
        guard (1...8).contains(bytes.count) else { return nil }
        var key: UInt64 = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            key = key << 8 | UInt64(byte)
        }
        return key
    }

    init() { bytes.reserveCapacity(32) }

    @inline(__always) mutating func append(_ scalar: Unicode.Scalar) {
        if scalar.value < 0x80 {
            bytes.append(UInt8(scalar.value))
        } else {
            UTF8.encode(scalar) { bytes.append($0) }
        }
    }

    /// The word, and the buffer emptied for the next one.
    mutating func take() -> String {
        defer { clear() }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func clear() { bytes.removeAll(keepingCapacity: true) }
}
