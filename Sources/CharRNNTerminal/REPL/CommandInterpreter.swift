import CharRNN
import Foundation

/// Runs REPL command lines against a workbench: the one command language of
/// `charrnn repl` and of the TUI's `:` line.
///
/// Pure with respect to I/O: `execute` never prints, it returns the lines to
/// show and whether the command succeeded; the front end decides where they
/// go. Used from one thread; training runs on the session's own queue.
///
/// In script mode `train` waits for the run to finish and `quit` never warns;
/// interactively `train` returns at once and `trainingReport()` hands over the
/// epoch lines as they complete.
public final class CommandInterpreter {
    /// What the commands act on. Replacing it forgets the step-by-step and training-report state.
    public var workbench: Workbench {
        didSet { resetTracking() }
    }
    public let style: OutputStyle
    public let scriptMode: Bool

    /// Polled while a script waits for training; returning true stops the run
    /// after its current minibatch (the REPL wires Ctrl-C to it).
    public var interruptRequested: (() -> Bool)?
    /// When set, a script's `train` hands each epoch line here as it completes
    /// instead of returning them all at the end.
    public var progressHandler: ((OutputLine) -> Void)?

    /// Epoch records of `session.snapshot().history` already shown.
    var reportedEpochs = 0
    /// The epoch the current (or last unreported) run trains to.
    var runTarget: Int?
    /// Whether a background run was started whose end has not been reported yet.
    var backgroundRunPending = false
    /// Whether the last command was a `quit` refused for unsaved changes.
    var quitWarned = false

    public init(workbench: Workbench, style: OutputStyle, scriptMode: Bool) {
        self.workbench = workbench
        self.style = style
        self.scriptMode = scriptMode
        resetTracking()
    }

    /// The names of every command, in the order `help` lists them.
    public static var commandNames: [String] { CommandTable.all.map(\.name) }

    /// The table entry of `name`, for front ends that show help themselves.
    public static func command(named name: String) -> CommandSpec? { CommandTable.named(name) }

    /// Runs one line. Blank lines and `#` comments do nothing and succeed.
    public func execute(_ line: String) -> CommandResult {
        let tokens: [CommandToken]
        do {
            tokens = try CommandLineTokenizer.tokenize(line)
        } catch {
            return CommandResult(status: .failed(message: error.description))
        }
        guard let first = tokens.first else { return CommandResult() }
        guard let spec = CommandTable.named(first.text) else {
            return CommandResult(status: .failed(message: Self.unknownCommandMessage(first.text)))
        }
        if spec.name != "quit" { quitWarned = false }
        do {
            let arguments = try spec.grammar.parse(tokens.dropFirst())
            return try spec.handler(self, arguments)
        } catch let failure as CommandFailure {
            switch failure {
            case .usage(let problem): return CommandResult(status: .failed(message: "\(problem); usage: \(spec.usage)"))
            case .error(let message): return CommandResult(status: .failed(message: Self.oneLine(message)))
            }
        } catch {
            return CommandResult(status: .failed(message: Self.describe(error)))
        }
    }

    /// Completions of the word being typed at the end of `prefix` (a partial
    /// line): command names for the first word; for the argument of `help`,
    /// `set`, `show` and `weights`, the names they accept. Sorted; empty when
    /// nothing fits or the cursor is after a finished word of another command.
    public func completions(for prefix: String) -> [String] {
        let endsWithSpace = prefix.last.map { $0 == " " || $0 == "\t" } ?? false
        let words = prefix.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let current = endsWithSpace ? "" : (words.last ?? "")
        let before = endsWithSpace ? words : Array(words.dropLast())
        let choices: [String]
        switch before.count {
        case 0:
            choices = Self.commandNames
        case 1:
            switch before[0] {
            case "help": choices = Self.commandNames
            case "set": choices = SettingName.allCases.map(\.rawValue)
            case "show": choices = ["config"]
            case "weights": choices = workbench.model.layout.specs.map(\.name)
            default: choices = []
            }
        default:
            choices = []
        }
        return choices.filter { $0.hasPrefix(current) }.sorted()
    }

    // MARK: - Messages

    /// `unknown command "trian"; did you mean "train"?`
    static func unknownCommandMessage(_ word: String) -> String {
        let shown = "unknown command \"\(word)\""
        if let hint = Suggestions.didYouMean(word, among: commandNames) { return "\(shown); \(hint)" }
        return "\(shown); `help` lists the commands"
    }

    /// One line describing any error thrown by the engine or the workbench.
    static func describe(_ error: Error) -> String {
        oneLine(String(describing: error))
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: "; ")
    }

    func resetTracking() {
        reportedEpochs = workbench.session.snapshot().history.count
        runTarget = nil
        backgroundRunPending = false
        quitWarned = false
    }
}
