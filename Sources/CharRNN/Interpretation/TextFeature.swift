import Foundation

/// A property of each token of a text, as a number per step: what `units`
/// correlates the model's units with.
public enum TextFeature: Hashable, Sendable, CustomStringConvertible {
    /// 1 where the token is a space.
    case space
    /// 1 where the token is a vowel: a, e, i, o, u (either case).
    case vowel
    /// Position in the current word: 0 on a space (any whitespace), 1 on a word's first character, …
    case wordPosition
    /// 1 where the token is a newline (raw text only).
    case newline
    /// The column: 0 on a line's first character; a newline has the column it ends (raw text only).
    case linePosition
    /// 1 from an opening double quote through the token before its closing one,
    /// i.e. while an odd number of quotes (`"`, or `“` … `”`) has been read (raw text only).
    case inQuotes
    /// 1 while more `(` than `)` have been read, counting the token itself (raw text only).
    case inParens
    /// 1 on each token inside a match of the regular expression (Unicode-scalar semantics), else 0.
    case regex(String)

    /// The built-in features by name, in the order help lists them.
    public static let named: [(name: String, feature: TextFeature)] = [
        ("space", .space), ("vowel", .vowel), ("word-pos", .wordPosition), ("newline", .newline),
        ("line-pos", .linePosition), ("in-quotes", .inQuotes), ("in-parens", .inParens),
    ]

    /// `space`, `word-pos`, `/REGEX/`.
    public var name: String {
        if case .regex(let pattern) = self { return "/\(pattern)/" }
        return Self.named.first { $0.feature == self }!.name
    }

    public var description: String { name }

    /// Whether the feature means anything only for `--text raw` (letters-mode text has no newlines, quotes or parentheses).
    public var needsRawText: Bool {
        switch self {
        case .newline, .linePosition, .inQuotes, .inParens: true
        default: false
        }
    }

    /// The feature `text` names: a built-in name or `/REGEX/`; the error says what went wrong in one line.
    public init(parsing text: String) throws(TextFeatureError) {
        if text.count >= 2, text.hasPrefix("/"), text.hasSuffix("/") {
            let pattern = String(text.dropFirst().dropLast())
            guard !pattern.isEmpty else { throw .emptyPattern }
            do { _ = try Regex(pattern) } catch { throw .badPattern(pattern, String(describing: error)) }
            self = .regex(pattern)
            return
        }
        guard let found = Self.named.first(where: { $0.name == text }) else { throw .unknown(text) }
        self = found.feature
    }
}

/// Why a feature cannot be used.
public enum TextFeatureError: Error, Equatable, CustomStringConvertible {
    case unknown(String)
    case emptyPattern
    case badPattern(String, String)
    /// A raw-text feature asked of letters-mode text.
    case needsRawText(String)

    public var description: String {
        switch self {
        case .unknown(let name):
            "unknown feature \"\(name)\" (features: \(TextFeature.named.map(\.name).joined(separator: ", ")), or /REGEX/)"
        case .emptyPattern: "the regular expression between the slashes is empty"
        case .badPattern(let pattern, let why): "not a regular expression: /\(pattern)/ (\(why))"
        case .needsRawText(let name): "\(name) needs raw text (a model trained with --text raw); letters-mode text has only a-z and spaces"
        }
    }
}
