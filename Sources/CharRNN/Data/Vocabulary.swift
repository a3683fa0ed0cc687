/// The token ↔ index table: d2l's `Vocab` with `min_freq=0` and no reserved tokens.
///
/// Tokens are the sorted set of the corpus tokens plus `<unk>`, compared as
/// Python compares strings (by Unicode scalar values), so the Time Machine gives
/// 28 entries: 0 `' '`, 1 `<unk>`, 2…27 `a`…`z`.
/// Invariant: `tokens` is sorted, unique and contains `<unk>`.
public struct Vocabulary: Hashable, Sendable {
    public static let unknownToken = "<unk>"

    /// The tokens in index order.
    public let tokens: [String]
    /// The index of `<unk>`.
    public let unknownIndex: Int
    private let index: [String: Int]
    /// Fast path for single ASCII scalars: `asciiIndex[byte]` or -1 (then `<unk>`).
    private let asciiIndex: [Int32]

    /// The vocabulary of a token sequence: its distinct tokens plus `<unk>`, sorted.
    public init<S: Sequence>(corpusTokens: S) where S.Element == String {
        var set = Set(corpusTokens)
        set.insert(Vocabulary.unknownToken)
        self.init(sortedUniqueTokens: set.sorted(by: Vocabulary.pythonOrder))
    }

    /// A vocabulary from tokens already in index order (a checkpoint's `vocab`).
    ///
    /// Throws when the tokens are not sorted and unique or lack `<unk>`.
    public init(tokens: [String]) throws {
        for i in tokens.indices.dropFirst() where !Vocabulary.pythonOrder(tokens[i - 1], tokens[i]) {
            throw VocabularyError.notSorted(tokens[i - 1], tokens[i])
        }
        guard tokens.contains(Vocabulary.unknownToken) else { throw VocabularyError.missingUnknown }
        self.init(sortedUniqueTokens: tokens)
    }

    private init(sortedUniqueTokens tokens: [String]) {
        self.tokens = tokens
        var index: [String: Int] = [:]
        var ascii = [Int32](repeating: -1, count: 128)
        for (i, t) in tokens.enumerated() {
            index[t] = i
            let scalars = t.unicodeScalars
            if scalars.count == 1, let s = scalars.first, s.isASCII { ascii[Int(s.value)] = Int32(i) }
        }
        self.index = index
        self.asciiIndex = ascii
        self.unknownIndex = index[Vocabulary.unknownToken]!
    }

    public var count: Int { tokens.count }

    /// The index of `token`, or `<unk>`'s index when it is not in the vocabulary.
    public func index(of token: String) -> Int {
        index[token] ?? unknownIndex
    }

    /// Whether `token` has its own entry (is not mapped to `<unk>`).
    public func contains(_ token: String) -> Bool { index[token] != nil }

    /// The index of a single Unicode scalar, or `<unk>`'s.
    @inline(__always)
    public func index(of scalar: Unicode.Scalar) -> Int {
        if scalar.isASCII {
            let i = asciiIndex[Int(scalar.value)]
            return i >= 0 ? Int(i) : unknownIndex
        }
        return index[String(scalar)] ?? unknownIndex
    }

    /// Python's `str` ordering: lexicographic by Unicode scalar values.
    public static func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }
}

/// Why a list of tokens is not a valid vocabulary.
public enum VocabularyError: Error, Equatable, CustomStringConvertible {
    case notSorted(String, String)
    case missingUnknown

    public var description: String {
        switch self {
        case .notSorted(let a, let b): "vocabulary is not sorted and unique: \(a.debugDescription) before \(b.debugDescription)"
        case .missingUnknown: "vocabulary has no '<unk>' entry"
        }
    }
}
