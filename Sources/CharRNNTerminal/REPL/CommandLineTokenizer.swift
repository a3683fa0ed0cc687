/// One word of a command line.
public struct CommandToken: Hashable, Sendable {
    public var text: String
    /// Whether any part of the word was quoted. A quoted word is always an
    /// argument, never a keyword such as `temperature` or `unit`.
    public var quoted: Bool

    public init(_ text: String, quoted: Bool = false) {
        self.text = text
        self.quoted = quoted
    }
}

/// Why a command line could not be split into words.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// A quote opened at `column` (0-based, in characters) is never closed.
    case unterminatedQuote(quote: Character, column: Int)
    /// A backslash inside double quotes is followed by a character it cannot escape.
    case unknownEscape(Character, column: Int)

    public var description: String {
        switch self {
        case .unterminatedQuote(let quote, let column):
            "unterminated \(quote == "\"" ? "double" : "single") quote opened at column \(column + 1)"
        case .unknownEscape(let ch, let column):
            "unknown escape \\\(ch) at column \(column + 1) (inside double quotes use \\\", \\\\, \\n or \\t)"
        }
    }
}

/// Splits a command line into words, as a small shell would.
///
/// - Words are separated by spaces and tabs.
/// - `"…"` and `'…'` quote text with spaces; quoted and unquoted parts next to
///   each other form one word (`ab"c d"` is `abc d`); `""` is an empty word.
/// - Inside double quotes a backslash escapes `"`, `\`, `n` (newline) and `t`
///   (tab); anything else after it is an error. Single quotes take everything
///   literally, and so does unquoted text, backslashes included.
/// - An unquoted `#` at the start of a word comments out the rest of the line.
public enum CommandLineTokenizer {
    public static func tokenize(_ line: String) throws(TokenizerError) -> [CommandToken] {
        let chars = Array(line)
        var tokens: [CommandToken] = []
        var current = ""
        var inWord = false
        var quoted = false
        var i = 0

        func finishWord() {
            if inWord { tokens.append(CommandToken(current, quoted: quoted)) }
            current = ""
            inWord = false
            quoted = false
        }

        while i < chars.count {
            let ch = chars[i]
            switch ch {
            case " ", "\t", "\r", "\n", "\r\n":
                finishWord()
                i += 1
            case "#" where !inWord:
                return tokens
            case "'":
                let open = i
                inWord = true
                quoted = true
                i += 1
                while i < chars.count, chars[i] != "'" {
                    current.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw .unterminatedQuote(quote: "'", column: open) }
                i += 1
            case "\"":
                let open = i
                inWord = true
                quoted = true
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\" {
                        guard i + 1 < chars.count else { throw .unterminatedQuote(quote: "\"", column: open) }
                        switch chars[i + 1] {
                        case "\"": current.append("\"")
                        case "\\": current.append("\\")
                        case "n": current.append("\n")
                        case "t": current.append("\t")
                        default: throw .unknownEscape(chars[i + 1], column: i)
                        }
                        i += 2
                    } else {
                        current.append(chars[i])
                        i += 1
                    }
                }
                guard i < chars.count else { throw .unterminatedQuote(quote: "\"", column: open) }
                i += 1
            default:
                inWord = true
                current.append(ch)
                i += 1
            }
        }
        finishWord()
        return tokens
    }

    /// `text` as one word that tokenizes back to itself: as is when it needs no
    /// quotes, otherwise in double quotes with `"`, `\`, newlines and tabs escaped.
    public static func quote(_ text: String) -> String {
        let special: Set<Character> = [" ", "\t", "\r", "\n", "\r\n", "\"", "'"]
        let plain = !text.isEmpty && !text.hasPrefix("#") && !text.contains(where: special.contains)
        if plain { return text }
        var out = "\""
        for ch in text {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
