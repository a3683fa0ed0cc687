import Foundation

/// Why a command did not run: a bad argument (shown with the command's usage
/// line) or an error while running it.
public enum CommandFailure: Error, Equatable {
    /// The arguments do not fit the command; the text names the precise problem.
    case usage(String)
    /// The command could not do its work.
    case error(String)
}

/// What a command accepts: positional arguments, then keyword options that
/// take one value each (`temperature 0.5`), in any order after the command name.
///
/// An unquoted word equal to a keyword's name starts that option; quote it to
/// pass it as a positional argument (`sample "top-k"`).
public struct ArgumentGrammar: Hashable, Sendable {
    public struct Positional: Hashable, Sendable {
        public var name: String
        public var isOptional: Bool
        /// Free text (a prefix, a path) that needs quotes when it has spaces.
        public var isText: Bool

        public static func required(_ name: String) -> Positional { Positional(name: name, isOptional: false, isText: false) }
        public static func optional(_ name: String) -> Positional { Positional(name: name, isOptional: true, isText: false) }
        public static func text(_ name: String, optional: Bool = false) -> Positional {
            Positional(name: name, isOptional: optional, isText: true)
        }
    }

    public struct Keyword: Hashable, Sendable {
        public var name: String
        public var valueName: String

        public static func keyword(_ name: String, _ valueName: String) -> Keyword { Keyword(name: name, valueName: valueName) }
    }

    public var positionals: [Positional]
    public var keywords: [Keyword]

    public init(_ positionals: [Positional] = [], keywords: [Keyword] = []) {
        self.positionals = positionals
        self.keywords = keywords
    }

    /// The arguments as a usage line shows them: `PREFIX [N] [temperature T]`.
    public var synopsis: String {
        let p = positionals.map { $0.isOptional ? "[\($0.name)]" : $0.name }
        let k = keywords.map { "[\($0.name) \($0.valueName)]" }
        return (p + k).joined(separator: " ")
    }

    /// Sorts `tokens` into positional arguments and keyword values, checking
    /// their number; the error text names the precise problem.
    public func parse(_ tokens: some Collection<CommandToken>) throws(CommandFailure) -> ParsedArguments {
        var parsed = ParsedArguments()
        var extra: [String] = []
        var iterator = tokens.makeIterator()
        while let token = iterator.next() {
            if !token.quoted, let keyword = keywords.first(where: { $0.name == token.text }) {
                guard let value = iterator.next() else {
                    throw .usage("\(keyword.name) needs a value \(keyword.valueName)")
                }
                guard parsed.keywords[keyword.name] == nil else { throw .usage("\(keyword.name) given twice") }
                parsed.keywords[keyword.name] = value.text
            } else if parsed.positional.count < positionals.count {
                parsed.positional.append(token.text)
            } else {
                extra.append(token.text)
            }
        }
        if let first = extra.first {
            let words = extra.count == 1 ? "argument" : "arguments"
            var problem = "unexpected \(words) \(extra.map { "\"\($0)\"" }.joined(separator: " "))"
            if let text = positionals.first(where: \.isText), !first.isEmpty {
                problem += " (put \(text.name) in quotes if it has spaces)"
            }
            throw .usage(problem)
        }
        if let missing = positionals.dropFirst(parsed.positional.count).first(where: { !$0.isOptional }) {
            throw .usage("missing \(missing.name)")
        }
        return parsed
    }
}

/// A command's arguments, sorted by `ArgumentGrammar.parse`.
public struct ParsedArguments: Hashable, Sendable {
    public var positional: [String] = []
    public var keywords: [String: String] = [:]

    public init(positional: [String] = [], keywords: [String: String] = [:]) {
        self.positional = positional
        self.keywords = keywords
    }

    /// The positional argument at `index`, when given.
    public subscript(index: Int) -> String? { index < positional.count ? positional[index] : nil }
    /// The value of keyword `name`, when given.
    public subscript(keyword name: String) -> String? { keywords[name] }
}

/// Conversions of argument text to values; failures name the argument and what it should be.
enum ArgumentValue {
    static func integer(_ text: String, name: String, minimum: Int = 0, maximum: Int = Int.max) throws(CommandFailure) -> Int {
        guard let n = Int(text) else { throw .usage("\(name) must be a whole number, got \"\(text)\"") }
        guard n >= minimum else { throw .usage("\(name) must be at least \(minimum), got \(n)") }
        guard n <= maximum else { throw .usage("\(name) must be at most \(maximum), got \(n)") }
        return n
    }

    static func seed(_ text: String, name: String) throws(CommandFailure) -> UInt64 {
        guard let n = UInt64(text) else { throw .usage("\(name) must be a whole number from 0 to \(UInt64.max), got \"\(text)\"") }
        return n
    }

    /// A finite number for which `accept` holds; `expected` says which ones do, e.g. "a number > 0".
    static func number(_ text: String, name: String, expected: String, accept: (Double) -> Bool) throws(CommandFailure) -> Double {
        guard let x = Double(text), x.isFinite else { throw .usage("\(name) must be \(expected), got \"\(text)\"") }
        guard accept(x) else { throw .usage("\(name) must be \(expected), got \(text)") }
        return x
    }

    /// A non-empty text to feed the model.
    static func text(_ text: String, name: String) throws(CommandFailure) -> String {
        guard !text.isEmpty else { throw .usage("\(name) must not be empty") }
        return text
    }
}
