/// A tokenised text: its vocabulary, the token ids and each token's frequency.
///
/// Invariant: every id is in `0..<vocabulary.count`; `frequencies.count == vocabulary.count`.
public struct Corpus: Sendable {
    public let mode: TextMode
    public let vocabulary: Vocabulary
    public let ids: [Int32]
    /// How often each vocabulary entry occurs in `ids`.
    public let frequencies: [Int]

    /// Tokenises `text` under `mode` and builds its vocabulary (d2l's `build`).
    public init(text: String, mode: TextMode) {
        switch mode {
        case .letters:
            let bytes = TextMode.lettersOnly(text)
            var present = [Bool](repeating: false, count: 128)
            for b in bytes { present[Int(b)] = true }
            let tokens = (0..<128).filter { present[$0] }.map { String(UnicodeScalar(UInt8($0))) }
            let vocab = Vocabulary(corpusTokens: tokens)
            var table = [Int32](repeating: 0, count: 128)
            for i in 0..<128 where present[i] { table[i] = Int32(vocab.index(of: UnicodeScalar(UInt8(i)))) }
            self.init(mode: mode, vocabulary: vocab, ids: bytes.map { table[Int($0)] })
        case .raw:
            let vocab = Vocabulary(corpusTokens: Set(text.unicodeScalars).map { String($0) })
            self.init(mode: mode, vocabulary: vocab, ids: text.unicodeScalars.map { Int32(vocab.index(of: $0)) })
        }
    }

    /// A corpus from ids already encoded with `vocabulary`.
    public init(mode: TextMode, vocabulary: Vocabulary, ids: [Int32]) {
        self.mode = mode
        self.vocabulary = vocabulary
        self.ids = ids
        var freq = [Int](repeating: 0, count: vocabulary.count)
        for id in ids { freq[Int(id)] += 1 }
        self.frequencies = freq
    }

    /// The first `count` tokens joined back into text.
    public func prefix(_ count: Int) -> String {
        ids.prefix(count).map { vocabulary.tokens[Int($0)] }.joined()
    }
}

/// A prompt turned into token ids, with the characters that fell back to `<unk>`.
public struct EncodedPrompt: Hashable, Sendable {
    /// One id per Unicode scalar of the prompt.
    public var ids: [Int]
    /// Scalars outside the vocabulary: their 0-based position in the prompt and the character.
    public var unknown: [UnknownCharacter]

    public init(ids: [Int] = [], unknown: [UnknownCharacter] = []) {
        self.ids = ids
        self.unknown = unknown
    }

    public struct UnknownCharacter: Hashable, Sendable {
        public var position: Int
        public var character: String
    }

    /// One line naming the unknown characters and positions, or nil when there are none.
    ///
    /// At most `limit` positions are listed; the rest are counted.
    public func unknownReport(limit: Int = 10) -> String? {
        EncodedPrompt.unknownReport(Array(unknown.prefix(limit)), total: unknown.count)
    }

    /// `total` characters became `<unk>`, of which `listed` are named with their positions.
    public static func unknownReport(_ listed: [UnknownCharacter], total: Int) -> String? {
        guard total > 0 else { return nil }
        let shown = listed.map { "\($0.character.debugDescription) at \($0.position)" }
        let more = total > listed.count ? " and \(total - listed.count) more" : ""
        return "\(total) character\(total == 1 ? "" : "s") not in the vocabulary became <unk>: " + shown.joined(separator: ", ") + more
    }
}

extension Vocabulary {
    /// Maps each Unicode scalar of `text` to its id, as d2l's `vocab[prefix[i]]`
    /// does: no preprocessing, unknown characters become `<unk>`.
    public func encode(_ text: String) -> EncodedPrompt {
        var ids: [Int] = []
        ids.reserveCapacity(text.unicodeScalars.count)
        var unknown: [EncodedPrompt.UnknownCharacter] = []
        for (position, scalar) in text.unicodeScalars.enumerated() {
            let id = index(of: scalar)
            if id == unknownIndex { unknown.append(.init(position: position, character: String(scalar))) }
            ids.append(id)
        }
        return EncodedPrompt(ids: ids, unknown: unknown)
    }

    /// The text of a sequence of ids.
    public func decode<S: Sequence>(_ ids: S) -> String where S.Element: BinaryInteger {
        ids.map { tokens[Int($0)] }.joined()
    }
}
