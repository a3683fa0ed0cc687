/// Turns a stream of UTF-8 bytes into token ids one Unicode scalar at a time,
/// as `Vocabulary.encode` does, handing each id on at once.
///
/// A multi-byte character split between two pieces is carried over (at most
/// three bytes); nothing else is kept but counts and the first few unknown
/// characters, so the memory used does not grow with the text. Bytes that are
/// not UTF-8 are read as U+FFFD (and usually become `<unk>`).
public struct PromptEncoder {
    /// Unknown characters listed by position; the rest are only counted.
    public static let listedUnknowns = 10

    public let vocabulary: Vocabulary
    /// Scalars consumed so far.
    public private(set) var consumed = 0
    public private(set) var unknown: [EncodedPrompt.UnknownCharacter] = []
    public private(set) var unknownCount = 0
    public private(set) var invalidSequences = 0
    private var carry: [UInt8] = []
    private var buffer: [UInt8] = []

    public init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
    }

    /// Decodes the complete characters of the carried bytes + `bytes`, calling
    /// `sink` with each id; keeps an incomplete tail for the next piece.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, to sink: (Int) -> Void) {
        guard !bytes.isEmpty else { return }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: carry)
        buffer.append(contentsOf: bytes)
        let cut = UTF8Chunks.completePrefixLength(buffer)
        carry = Array(buffer[cut...])
        decode(count: cut, to: sink)
    }

    /// Decodes what is left at the end of the text (an incomplete character is invalid).
    public mutating func finish(to sink: (Int) -> Void) {
        guard !carry.isEmpty else { return }
        buffer = carry
        carry = []
        decode(count: buffer.count, to: sink)
    }

    private mutating func decode(count: Int, to sink: (Int) -> Void) {
        let pending = buffer
        pending.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[..<count])
            var i = 0
            while i < bytes.count {
                let (decoded, length) = UTF8Chunks.scalar(in: bytes, at: i)
                i += length
                let scalar = decoded ?? "\u{FFFD}"
                if decoded == nil { invalidSequences += 1 }
                let id = vocabulary.index(of: scalar)
                if id == vocabulary.unknownIndex {
                    unknownCount += 1
                    if unknown.count < Self.listedUnknowns { unknown.append(.init(position: consumed, character: String(scalar))) }
                }
                sink(id)
                consumed += 1
            }
        }
    }

    /// One line about the characters that became `<unk>`, and one about bytes that were not UTF-8.
    public func reportLines() -> [String] {
        var lines: [String] = []
        if let line = EncodedPrompt.unknownReport(unknown, total: unknownCount) { lines.append(line) }
        if invalidSequences > 0 {
            lines.append("\(invalidSequences) byte sequence\(invalidSequences == 1 ? " was" : "s were") not UTF-8 and read as U+FFFD")
        }
        return lines
    }
}

/// UTF-8 decoding piece by piece.
public enum UTF8Chunks {
    /// The length of the longest prefix of `bytes` that does not end inside a
    /// multi-byte sequence (ill-formed bytes count as complete: decoders report them).
    public static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        var i = n - 1
        while i >= max(0, n - 4) {
            let b = bytes[i]
            if b & 0xC0 != 0x80 {
                let length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                return i + length > n ? i : n
            }
            i -= 1
        }
        return n
    }

    /// The scalar whose UTF-8 encoding starts at `bytes[i]` and its length, or
    /// nil and the length of the ill-formed part (its maximal subpart, as the
    /// Unicode standard recommends for replacement).
    public static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the range of the second byte
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return (nil, 1)
        }
        var value = UInt32(b0) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            guard i + k < bytes.count else { return (nil, k) }
            let b = bytes[i + k]
            guard b >= (k == 1 ? low : 0x80), b <= (k == 1 ? high : 0xBF) else { return (nil, k) }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }
}
