import Foundation
import Testing
import CharRNNTestSupport
@testable import CharRNN

@Suite("SHA-1")
struct SHA1Tests {
    // FIPS 180 / NIST example messages.
    @Test("empty message")
    func empty() {
        #expect(SHA1.hex([UInt8]()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Data()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1().hexDigest() == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test("\"abc\"")
    func abc() {
        #expect(SHA1.hex("abc".utf8) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hash("abc".utf8) == [
            0xA9, 0x99, 0x3E, 0x36, 0x47, 0x06, 0x81, 0x6A, 0xBA, 0x3E,
            0x25, 0x71, 0x78, 0x50, 0xC2, 0x6C, 0x9C, 0xD0, 0xD8, 0x9D,
        ])
    }

    @Test("448-bit message")
    func message448() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(message.utf8.count * 8 == 448)
        #expect(SHA1.hex(Data(message.utf8)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test("896-bit message")
    func message896() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(message.utf8.count * 8 == 896)
        #expect(SHA1.hex(message.utf8) == "a49b2446a02c645bf419f995b67091253a04a259")
    }

    @Test("one million 'a'")
    func millionA() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA1.hex(bytes) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        bytes.withUnsafeBytes { raw in
            #expect(SHA1.hex(raw) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        }
        // The same message fed in uneven pieces.
        var hasher = SHA1()
        var offset = 0
        var piece = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            hasher.update(bytes[offset..<end])
            offset = end
            piece = piece * 3 % 1000 + 1
        }
        #expect(hasher.byteCount == 1_000_000)
        #expect(hasher.hexDigest() == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// Lengths around the padding boundaries (55/56 bytes fit one final
    /// block or need two; 64 is exactly one block).
    @Test("padding boundaries", arguments: [
        (55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"),
        (64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        (65, "11655326c708d70319be2610e8a57d9a5b959d3b"),
        (119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"),
        (120, "f34c1488385346a55709ba056ddd08280dd4c6d6"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(SHA1.hex(bytes) == expected)
    }

    @Test("every split point gives the one-shot digest")
    func incrementalSplits() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA1.hash(bytes)
        for split in 0...bytes.count {
            var hasher = SHA1()
            hasher.update(bytes[..<split])
            hasher.update(bytes[split...])
            #expect(hasher.finalize() == whole, "split at \(split)")
        }
    }

    @Test("non-contiguous sequences, typed buffers and Data agree")
    func inputKinds() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let expected = "38f3aa587f4aa04965a359f9151092759b3a4c2a"
        #expect(SHA1.hex(bytes) == expected)
        #expect(SHA1.hex((0..<1000).lazy.map { UInt8(truncatingIfNeeded: $0 * 7) }) == expected)
        #expect(SHA1.hex(Data(bytes)) == expected)
        var byteHasher = SHA1()
        bytes.withUnsafeBufferPointer { byteHasher.update($0) }
        #expect(byteHasher.hexDigest() == expected)

        let floats: [Float] = [1, -2.5, 3.25, .infinity]
        let floatBytes = floats.withUnsafeBytes { Array($0) }
        var hasher = SHA1()
        floats.withUnsafeBufferPointer { hasher.update($0) }
        #expect(hasher.finalize() == SHA1.hash(floatBytes))
    }

    @Test("finalize leaves the hasher usable")
    func finalizeIsNonDestructive() {
        var hasher = SHA1()
        hasher.update("ab".utf8)
        _ = hasher.finalize()
        hasher.update("c".utf8)
        #expect(hasher.hexDigest() == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test("hex encoding")
    func hexEncoding() {
        #expect(SHA1.hexEncoded([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
    }

    @Test("the Time Machine corpus has d2l's hash")
    func realCorpus() throws {
        let data = try Data(contentsOf: Fixtures.timeMachineURL)
        #expect(data.count == 178_979)
        #expect(SHA1.hex(data) == CorpusLocator.timeMachineSHA1)
    }
}
