import Crypto

/// SHA-256 for content-addressing attachments (and anything else that needs a stable
/// fingerprint of bytes): swift-crypto's BoringSSL, which uses the CPU's SHA instructions
/// where it has them — hashing is pure computation, so DeskgateMail stays free of I/O.
public enum SHA256Digest {
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        Hex.encode(digest(bytes))
    }

    /// Hashes straight from the caller's buffer where it is contiguous, so a large
    /// attachment is never duplicated in memory.
    public static func digest(_ input: some Collection<UInt8>) -> [UInt8] {
        if let result = input.withContiguousStorageIfAvailable({ Array(SHA256.hash(data: UnsafeRawBufferPointer($0))) }) {
            return result
        }
        return Array(SHA256.hash(data: Array(input)))
    }
}
