import CharRNN
import Foundation

/// Turns REPL command lines into session commands and their replies into
/// output: the one command language of `charrnn repl` and of the TUI's `:` line.
///
/// `plan(line)` never waits: it says what to ask the session and how to show
/// the reply. `execute(line)` carries a plan out by waiting for each reply
/// (the REPL runs lines one after another); the TUI sends the commands and
/// finishes the plan when the reply event arrives. Neither keeps a copy of
/// the session's state: every plan reads `session.state()`. Output is
/// returned, never printed. Used from one thread.
///
/// In script mode `train` waits for the run to finish and `quit` never warns;
/// interactively `train` returns at once and `trainingReport()` hands over the
/// epoch lines as they complete.
public final class CommandInterpreter {
    /// What running a line takes: an answer now, or a command for the
    /// session whose reply decides what comes next.
    public enum Plan {
        case done(CommandResult)
        case ask(SessionCommand, then: (SessionReply) -> Plan)
    }

    public let session: Session
    public let style: OutputStyle
    public let scriptMode: Bool
    /// Columns that coloured text (`activations`, `saliency`) wraps to.
    public var width = 80

    /// While a line waits for the session: readable when the user may want to
    /// interrupt; `isRequested` reads what made it readable and says whether
    /// they do (the REPL wires Ctrl-C here). An interruption cancels the
    /// command that runs, when it can be cancelled, and in script mode stops
    /// the training run the line waits for.
    public var interruption: (descriptor: Int32, isRequested: () -> Bool)?
    /// When set, a script's `train` hands each epoch line here as it completes
    /// instead of returning them all at the end.
    public var progressHandler: ((OutputLine) -> Void)?

    /// Epoch records of the run's history already shown.
    var reportedEpochs = 0
    /// The epoch the current (or last unreported) run trains to.
    var runTarget: Int?
    /// Whether a background run was started whose end has not been reported yet.
    var backgroundRunPending = false
    /// Whether the last command was a `quit` refused for unsaved changes.
    var quitWarned = false
    /// Epoch lines of a script's run gathered while `execute` waits, when no `progressHandler` takes them.
    private var streamed: [OutputLine] = []

    public init(session: Session, style: OutputStyle, scriptMode: Bool) {
        self.session = session
        self.style = style
        self.scriptMode = scriptMode
        resetTracking()
    }

    /// The names of every command, in the order `help` lists them.
    public static var commandNames: [String] { CommandTable.all.map(\.name) }

    /// The table entry of `name`, for front ends that show help themselves.
    public static func command(named name: String) -> CommandSpec? { CommandTable.named(name) }

    // MARK: - Running lines

    /// What `line` takes. Blank lines and `#` comments do nothing and succeed.
    public func plan(_ line: String) -> Plan {
        let tokens: [CommandToken]
        do {
            tokens = try CommandLineTokenizer.tokenize(line)
        } catch {
            return .done(CommandResult(status: .failed(message: error.description)))
        }
        guard let first = tokens.first else { return .done(CommandResult()) }
        guard let spec = CommandTable.named(first.text) else {
            return .done(CommandResult(status: .failed(message: Self.unknownCommandMessage(first.text))))
        }
        if spec.name != "quit" { quitWarned = false }
        do {
            let arguments = try spec.grammar.parse(tokens.dropFirst())
            return try spec.handler(self, arguments)
        } catch let failure as CommandFailure {
            switch failure {
            case .usage(let problem): return .done(CommandResult(status: .failed(message: "\(problem); usage: \(spec.usage)")))
            case .error(let message): return .done(CommandResult(status: .failed(message: Self.oneLine(message))))
            }
        } catch {
            return .done(CommandResult(status: .failed(message: Self.oneLine(String(describing: error)))))
        }
    }

    /// Runs `line` to the end, waiting for the session's replies.
    public func execute(_ line: String) -> CommandResult {
        var plan = self.plan(line)
        // A script's interruption stops the training run this line waits for (once it runs).
        var interrupted = false, stopping = false
        func stopIfInterrupted() {
            guard scriptMode, interrupted, !stopping, session.state().isTraining else { return }
            stopping = true
            session.send(.stop)
        }
        let watching = interruption.map { source in
            [(descriptor: source.descriptor, action: { (ticket: Ticket) in
                guard source.isRequested() else { return }
                interrupted = true
                self.session.cancel(ticket)
                stopIfInterrupted()
            })]
        } ?? []
        while case .ask(let command, let then) = plan {
            let waitsForRun = if case .waitForRun = command { true } else { false }
            let reply = session.perform(command, watching: watching) { event in
                guard case .changed = event else { return }
                stopIfInterrupted()
                if waitsForRun && self.scriptMode { self.stream(self.epochLines()) }
            }
            plan = then(reply)
        }
        guard case .done(var result) = plan else { return CommandResult() }
        result.lines = streamed + result.lines
        streamed = []
        return result
    }

    /// Passes epoch lines on as they complete (script mode).
    func stream(_ lines: [OutputLine]) {
        if let progressHandler { lines.forEach(progressHandler) } else { streamed += lines }
    }

    // MARK: - Plans

    /// Asks the session, then shows the reply with `show`; a failure or a
    /// cancellation becomes the command's error.
    func ask(_ command: SessionCommand, _ show: @escaping (SessionReply) -> CommandResult) -> Plan {
        chain(command) { .done(show($0)) }
    }

    /// Asks the session, then goes on with `next`, unless the reply is a failure or a cancellation.
    func chain(_ command: SessionCommand, _ next: @escaping (SessionReply) -> Plan) -> Plan {
        .ask(command) { reply in
            switch reply {
            case .failed(let message): .done(CommandResult(status: .failed(message: Self.oneLine(message))))
            case .cancelled: .done(CommandResult(status: .failed(message: "cancelled")))
            default: next(reply)
            }
        }
    }

    /// Lines for the output of a command that needs nothing from the session.
    static func lines(_ lines: [OutputLine]) -> Plan { .done(CommandResult(lines: lines)) }

    // MARK: - Messages

    /// `unknown command "trian"; did you mean "train"?`
    static func unknownCommandMessage(_ word: String) -> String {
        let shown = "unknown command \"\(word)\""
        if let hint = Suggestions.didYouMean(word, among: commandNames) { return "\(shown); \(hint)" }
        return "\(shown); `help` lists the commands"
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: "; ")
    }

    /// Forgets what was reported of the previous model's runs (after `load`).
    func resetTracking() {
        reportedEpochs = session.state().training.history.count
        runTarget = nil
        backgroundRunPending = false
        quitWarned = false
    }
}
