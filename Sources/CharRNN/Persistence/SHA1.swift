import Foundation

/// SHA-1 (FIPS 180-4), incremental.
///
/// Used to verify the Time Machine corpus against d2l's published hash and to
/// checksum checkpoint tensor data, so the block function works straight from
/// raw memory: whole 64-byte blocks are compressed in place from the caller's
/// buffer, and only a trailing partial block is copied into the hasher's
/// fixed-size (inline, non-heap) pending buffer.
///
///     var hasher = SHA1()
///     hasher.update(chunk1)
///     hasher.update(chunk2)
///     let digest = hasher.finalize()        // 20 bytes
///
///     SHA1.hex(Data("abc".utf8))            // "a9993e36..."
///
/// SHA-1 is not collision resistant; here it only detects corrupted or
/// unexpected files, as d2l uses it.
public struct SHA1: Sendable {
    /// Size of a digest in bytes.
    public static let digestByteCount = 20
    /// Size of a compression block in bytes.
    public static let blockByteCount = 64

    private struct State: Sendable {
        var a: UInt32 = 0x6745_2301
        var b: UInt32 = 0xEFCD_AB89
        var c: UInt32 = 0x98BA_DCFE
        var d: UInt32 = 0x1032_5476
        var e: UInt32 = 0xC3D2_E1F0
    }

    /// 64 bytes of inline storage for a partial block.
    private typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private var state = State()
    private var pending: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    private var totalByteCount: UInt64 = 0

    public init() {}

    /// Number of bytes hashed so far.
    public var byteCount: UInt64 { totalByteCount }

    // MARK: - Feeding data

    /// Hashes the bytes of a raw buffer.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        totalByteCount &+= UInt64(remaining)

        if pendingCount > 0 {
            let take = min(Self.blockByteCount - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { buffer in
                (buffer.baseAddress! + offset).copyMemory(from: source, byteCount: take)
            }
            pendingCount += take
            source += take
            remaining -= take
            guard pendingCount == Self.blockByteCount else { return }
            var block = pending
            withUnsafeBytes(of: &block) { buffer in
                Self.compress(&state, blocks: buffer.baseAddress!, count: 1)
            }
            pendingCount = 0
        }

        let wholeBlocks = remaining / Self.blockByteCount
        if wholeBlocks > 0 {
            Self.compress(&state, blocks: source, count: wholeBlocks)
            source += wholeBlocks * Self.blockByteCount
            remaining -= wholeBlocks * Self.blockByteCount
        }

        if remaining > 0 {
            let tail = remaining
            withUnsafeMutableBytes(of: &pending) { buffer in
                buffer.baseAddress!.copyMemory(from: source, byteCount: tail)
            }
            pendingCount = tail
        }
    }

    /// Hashes the bytes of a typed buffer (for example a `Float` tensor).
    public mutating func update<T>(_ elements: UnsafeBufferPointer<T>) {
        update(UnsafeRawBufferPointer(elements))
    }

    /// Hashes the contents of `data`.
    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// Hashes a byte sequence. Contiguous sequences (`[UInt8]`, native
    /// `String.UTF8View`, ...) are hashed in place; others are gathered in
    /// 4 KiB chunks.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if handled != nil { return }
        let chunkSize = 4096
        var chunk = [UInt8]()
        chunk.reserveCapacity(chunkSize)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == chunkSize {
                chunk.withUnsafeBytes { update($0) }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        chunk.withUnsafeBytes { update($0) }
    }

    // MARK: - Result

    /// The digest of everything hashed so far (20 bytes). The hasher itself is
    /// not changed, so it can keep accepting data afterwards.
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = totalByteCount &* 8
        // 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        let zeroCount = (Self.blockByteCount + 55 - pendingCount) % Self.blockByteCount
        var padding = [UInt8](repeating: 0, count: 1 + zeroCount + 8)
        padding[0] = 0x80
        for i in 0..<8 {
            padding[1 + zeroCount + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(i)))
        }
        copy.update(padding)
        precondition(copy.pendingCount == 0)

        var digest = [UInt8]()
        digest.reserveCapacity(Self.digestByteCount)
        for word in [copy.state.a, copy.state.b, copy.state.c, copy.state.d, copy.state.e] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The digest of everything hashed so far, as 40 lowercase hex digits.
    public func hexDigest() -> String {
        Self.hexEncoded(finalize())
    }

    // MARK: - One-shot helpers

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hash(_ data: Data) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(data)
        return hasher.finalize()
    }

    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA1()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        hexEncoded(hash(bytes))
    }

    public static func hex(_ data: Data) -> String {
        hexEncoded(hash(data))
    }

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        hexEncoded(hash(bytes))
    }

    /// Lowercase hex spelling of arbitrary bytes (for example a digest).
    public static func hexEncoded(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Block function

    @inline(__always)
    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &<< n) | (x &>> (32 &- n))
    }

    // One round each of the four stages. Instead of shifting the five working
    // variables every round, the caller rotates the argument order, so a
    // round only writes the new `e` (the next round's `a`) and rotates `b`.

    @inline(__always)
    private static func round0(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ (d ^ (b & (c ^ d))) &+ 0x5A82_7999 &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func round1(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0x6ED9_EBA1 &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func round2(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ ((b & c) | (d & (b | c))) &+ 0x8F1B_BCDC &+ w
        b = rotl(b, 30)
    }

    @inline(__always)
    private static func round3(_ a: UInt32, _ b: inout UInt32, _ c: UInt32, _ d: UInt32, _ e: inout UInt32, _ w: UInt32) {
        e = e &+ rotl(a, 5) &+ (b ^ c ^ d) &+ 0xCA62_C1D6 &+ w
        b = rotl(b, 30)
    }

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks`
    /// (no alignment required) into `state`.
    private static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { schedule in
            let w = schedule.baseAddress!
            var h0 = state.a, h1 = state.b, h2 = state.c, h3 = state.d, h4 = state.e
            var block = blocks
            for _ in 0..<count {
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 &* t, as: UInt32.self))
                }
                for t in 16..<80 {
                    w[t] = rotl(w[t &- 3] ^ w[t &- 8] ^ w[t &- 14] ^ w[t &- 16], 1)
                }

                var a = h0, b = h1, c = h2, d = h3, e = h4
                var t = 0
                while t < 20 {
                    round0(a, &b, c, d, &e, w[t])
                    round0(e, &a, b, c, &d, w[t &+ 1])
                    round0(d, &e, a, b, &c, w[t &+ 2])
                    round0(c, &d, e, a, &b, w[t &+ 3])
                    round0(b, &c, d, e, &a, w[t &+ 4])
                    t &+= 5
                }
                while t < 40 {
                    round1(a, &b, c, d, &e, w[t])
                    round1(e, &a, b, c, &d, w[t &+ 1])
                    round1(d, &e, a, b, &c, w[t &+ 2])
                    round1(c, &d, e, a, &b, w[t &+ 3])
                    round1(b, &c, d, e, &a, w[t &+ 4])
                    t &+= 5
                }
                while t < 60 {
                    round2(a, &b, c, d, &e, w[t])
                    round2(e, &a, b, c, &d, w[t &+ 1])
                    round2(d, &e, a, b, &c, w[t &+ 2])
                    round2(c, &d, e, a, &b, w[t &+ 3])
                    round2(b, &c, d, e, &a, w[t &+ 4])
                    t &+= 5
                }
                while t < 80 {
                    round3(a, &b, c, d, &e, w[t])
                    round3(e, &a, b, c, &d, w[t &+ 1])
                    round3(d, &e, a, b, &c, w[t &+ 2])
                    round3(c, &d, e, a, &b, w[t &+ 3])
                    round3(b, &c, d, e, &a, w[t &+ 4])
                    t &+= 5
                }

                h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e
                block += blockByteCount
            }
            state.a = h0; state.b = h1; state.c = h2; state.d = h3; state.e = h4
        }
    }
}
