import Foundation

extension StringProtocol {
    /// `trimmingCharacters(in:)` without the round trip through NSString, which on Linux
    /// copies the text to UTF-16 and cost the parser a seventh of its time per mail.
    func trimming(_ set: TrimSet) -> String {
        let text = String(self)
        // Most texts have nothing to trim, which their first and last bytes tell.
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
           !set.contains(asciiByte: first), !set.contains(asciiByte: last) {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }),
              let last = scalars.lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(Substring(scalars[first...last]))
    }

    /// Without trailing spaces and tabs.
    func droppingTrailingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let last = scalars.lastIndex(where: { !TrimSet.whitespaces.contains($0) }) else { return "" }
        return String(Substring(scalars[...last]))
    }

    /// Whether the UTF-8 holds `byte`: memchr over the contiguous storage, where the generic
    /// `utf8.contains` steps through String indices one byte at a time.
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, Int32(byte), buffer.count) != nil } ?? false
        } ?? utf8.contains(byte)
    }
}

extension String {
    /// CRLF and lone CR as LF, in one pass over the bytes (the Foundation replacement goes
    /// through UTF-16 twice).
    var normalisingLineBreaks: String {
        guard containsByte(0x0d) else { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var previousWasCR = false
        for byte in utf8 {
            if byte == 0x0a, previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0d
            bytes.append(previousWasCR ? 0x0a : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every `byte` (ASCII) replaced by `replacement`, or removed when that is nil, on the
    /// bytes (Foundation's `replacingOccurrences` goes through UTF-16).
    func replacingASCII(_ byte: UInt8, with replacement: UInt8?) -> String {
        guard containsByte(byte) else { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for each in utf8 {
            if each != byte { bytes.append(each) } else if let replacement { bytes.append(replacement) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lines between LFs, split on the bytes: splitting by Character runs the grapheme
    /// breaker over every character of the text.
    var linesSplitAtLF: [String] {
        var text = self
        return text.withUTF8(Self.lines(splitAtLF:))
    }

    private static func lines(splitAtLF bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [""] }
        var lines: [String] = []
        var start = 0
        while true {
            let newline: UnsafeMutableRawPointer? = memchr(base + start, 0x0A, bytes.count - start)
            var end = bytes.count
            if let newline { end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline)) }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            guard newline != nil else { return lines }
            start = end + 1
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` in `start..<end` (to the end by default): memchr, where
    /// `firstIndex(of:)` steps through the bytes one at a time.
    func index(ofByte byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        let limit = end ?? count
        guard let base = baseAddress, start < limit,
              let found = memchr(base + start, Int32(byte), limit - start) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }
}

extension ArraySlice<UInt8> {
    /// `index(ofByte:from:before:)` over the slice's storage, in the slice's indices.
    func index(ofByte byte: UInt8, from start: Int, before end: Int? = nil) -> Int? {
        withUnsafeBufferPointer { buffer in
            buffer.index(ofByte: byte, from: start - startIndex, before: (end ?? endIndex) - startIndex).map { startIndex + $0 }
        }
    }
}

extension Substring {
    /// The index of the first `byte` (ASCII) from `start` on, found with memchr.
    func index(ofByte byte: UInt8, from start: String.Index) -> String.Index? {
        let offset = utf8.distance(from: utf8.startIndex, to: start)
        let found: Int?? = utf8.withContiguousStorageIfAvailable { $0.index(ofByte: byte, from: offset) }
        guard let found else { return utf8[start...].firstIndex(of: byte) }
        return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }
}

extension ArraySlice<UInt8> {
    /// The first index from `start` on where `needle` occurs at the start of a line (at
    /// `start` itself if that opens a line, or just after an LF): memchr finds each place
    /// its first byte occurs, and most lines of a part's body (base64 has no "-") have none.
    func index(of needle: [UInt8], atLineStartFrom start: Int) -> Int? {
        guard !needle.isEmpty else { return start < endIndex ? start : nil }
        return withUnsafeBufferPointer { buffer -> Int? in
            needle.withUnsafeBufferPointer { needle -> Int? in
                guard let base = buffer.baseAddress else { return nil }
                var offset = start - startIndex
                while offset < buffer.count {
                    guard let found = memchr(base + offset, Int32(needle[0]), buffer.count - offset) else { return nil }
                    let position = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                    if position == 0 || buffer[position - 1] == 0x0A, buffer.count - position >= needle.count,
                       memcmp(found, needle.baseAddress!, needle.count) == 0 {
                        return startIndex + position
                    }
                    offset = position + 1
                }
                return nil
            }
        }
    }
}
