import Crypto
import Foundation

/// SHA-1, incremental, on swift-crypto's `Insecure.SHA1`.
///
/// Verifies the Time Machine corpus against d2l's published hash and reads the
/// checksums of checkpoints written before SHA-256 (`Checkpoint.legacyFormat`).
///
///     var hasher = SHA1()
///     hasher.update(chunk1)
///     hasher.update(chunk2)
///     hasher.hexDigest()                    // 40 hex digits
///     SHA1.hex(Data("abc".utf8))            // "a9993e36..."
///
/// SHA-1 is not collision resistant; here it only detects corrupted or
/// unexpected files, as d2l uses it.
public struct SHA1: Sendable {
    private var hasher = Insecure.SHA1()
    /// Number of bytes hashed so far.
    public private(set) var byteCount: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        byteCount += UInt64(bytes.count)
    }

    /// Hashes the memory of typed elements (e.g. the bytes of `[Float]`).
    public mutating func update<T>(_ elements: UnsafeBufferPointer<T>) {
        update(UnsafeRawBufferPointer(elements))
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Contiguous sequences are hashed in place, others gathered first.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// The digest of everything hashed so far (20 bytes); the hasher stays usable.
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }

    public func hexDigest() -> String { Digests.hex(finalize()) }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var h = SHA1()
        h.update(bytes)
        return h.finalize()
    }

    public static func hash(_ data: Data) -> [UInt8] { data.withUnsafeBytes { hash($0) } }

    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var h = SHA1()
        h.update(bytes)
        return h.finalize()
    }

    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String { Digests.hex(hash(bytes)) }

    public static func hex(_ data: Data) -> String { data.withUnsafeBytes { hex($0) } }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String { Digests.hex(hash(bytes)) }

    /// Lowercase hex spelling of arbitrary bytes.
    public static func hexEncoded(_ bytes: some Sequence<UInt8>) -> String { Digests.hex(bytes) }
}

/// SHA-256, incremental, on swift-crypto: the checksums of current checkpoints.
public struct SHA256Hasher: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public mutating func update(_ text: String) { Array(text.utf8).withUnsafeBytes { update($0) } }

    /// 64 lowercase hex digits.
    public func hexDigest() -> String { Digests.hex(hasher.finalize()) }
}

enum Digests {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
