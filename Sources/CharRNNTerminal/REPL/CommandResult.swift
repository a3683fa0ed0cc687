import TerminalKit

/// One line of a command's output, with optional styled spans (colour on a
/// terminal; plain text in scripts and pipes).
public struct OutputLine: Hashable, Sendable {
    public var spans: [Span]

    public struct Span: Hashable, Sendable {
        public var text: String
        public var style: Style

        public init(_ text: String, style: Style = .plain) {
            self.text = text
            self.style = style
        }
    }

    public init(_ text: String, style: Style = .plain) { spans = [Span(text, style: style)] }
    public init(spans: [Span]) { self.spans = spans }

    /// The line without styles.
    public var text: String { spans.map(\.text).joined() }
}

/// What running one command line produced.
public struct CommandResult: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        case ok
        /// The command failed; `message` is one line saying why (usage, bad argument, error).
        case failed(message: String)
        /// `quit` was entered.
        case quit
    }

    public var lines: [OutputLine]
    public var status: Status

    public init(lines: [OutputLine] = [], status: Status = .ok) {
        self.lines = lines
        self.status = status
    }
}
