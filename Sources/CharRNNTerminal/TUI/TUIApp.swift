import CharRNN
import Dispatch
import Foundation
import TerminalKit

/// Runs the update loop against a session: feeds messages to `AppUpdate`,
/// turns the effects it asks for into session commands, and the session's
/// events into messages. No terminal here, so tests drive it directly.
///
/// Used from one thread (the UI's), which never waits for the session: a
/// command is sent and its reply handled when `handleSessionEvents` finds it.
/// The state shown is the session's (`SessionState`), never a copy kept
/// alongside it.
public final class TUIApp {
    public private(set) var state: AppState
    public let session: Session
    /// The `:` line's commands.
    let interpreter: CommandInterpreter
    /// `--save PATH`, which wins over the checkpoint path when saving.
    let savePath: URL?
    /// Where a checkpoint goes when neither `--save` nor a checkpoint path is known.
    let defaultDirectory: URL
    /// Set when the screen must be repainted from scratch (Ctrl-L).
    public var wantsFullRepaint = false
    /// Whether the state changed since the screen was last drawn (see `didDisplay()`).
    public private(set) var needsDisplay = true
    /// Outcomes of the TUI's own background work (loading a compared run).
    public let localMessages = Mailbox<AppMessage>()

    /// What to do with each reply still to come.
    private var awaiting: [Ticket: (SessionReply) -> [AppMessage]] = [:]
    /// Commands that move the step sequence, sent and not answered yet.
    private var promptCommands: Set<Ticket> = []
    /// The prefix the session's sequence is on once it has done what was sent
    /// (nil: no sequence); keys come faster than replies.
    private var sequencePrefix: String?
    let work = DispatchQueue(label: "charrnn.tui.work", qos: .userInitiated)

    public init(
        session: Session, width: Int, height: Int, theme: Theme, prefix: String = "the time traveller",
        generateCount: Int = 50, savePath: URL? = nil, comparePath: URL? = nil,
        defaultDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        interpreter: CommandInterpreter? = nil
    ) {
        self.session = session
        self.interpreter = interpreter ?? CommandInterpreter(session: session, style: theme.color ? .color : .plain, scriptMode: false)
        self.savePath = savePath
        self.defaultDirectory = defaultDirectory
        state = AppState(width: width, height: height, theme: theme, session: session.state(), prefix: prefix)
        state.prompt.generateCount = generateCount
        if let report = PromptView.unknownReport(state.prompt.synced.encoded.unknown) {
            state.message = StatusMessage(report, isError: true)
        }
        if let comparePath {
            // Part of opening, like the checkpoint: read before the first frame.
            _ = AppUpdate.update(&state, TUIApp.comparison(comparePath))
        }
        perform(.restartSteps(prefix: prefix))
    }

    /// Marks the current state as drawn.
    public func didDisplay() { needsDisplay = false }

    // MARK: - Messages

    /// Applies `message` and every message its effects lead to.
    public func send(_ message: AppMessage) {
        var queue = [message]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in AppUpdate.update(&state, next) {
                queue += perform(effect)
            }
        }
        needsDisplay = true
    }

    /// Records a drawn frame's times without asking for another frame.
    public func recordFrame(render: Duration, flush: Duration) {
        _ = AppUpdate.update(&state, .frameDrawn(renderMilliseconds: render.seconds * 1000, flushMilliseconds: flush.seconds * 1000))
    }

    /// Takes the session's events (and the TUI's own background results) and
    /// applies them: the session's latest state, then each reply's outcome.
    /// Never waits. Returns whether there were any.
    @discardableResult
    public func handleSessionEvents() -> Bool {
        let events = session.events.take()
        let local = localMessages.take()
        guard !events.isEmpty || !local.isEmpty else { return false }
        // One state for the whole batch, read after taking it: newer than every reply in it.
        var messages: [AppMessage] = events.isEmpty ? [] : [.session(session.state())]
        for case .replied(let ticket, let reply) in events {
            promptCommands.remove(ticket)
            if let handle = awaiting.removeValue(forKey: ticket) { messages += handle(reply) }
        }
        for message in messages + local { send(message) }
        if promptCommands.isEmpty {
            sequencePrefix = state.session.steps.ids.isEmpty ? nil : state.session.steps.prefix
        }
        restartStepsIfForgotten()
        return true
    }

    /// The prompt always probes its text: when the session's sequence is
    /// empty (after `:reset` or `:load`) and nothing the prompt sent is on its
    /// way, the sequence starts again on the typed prefix.
    private func restartStepsIfForgotten() {
        guard promptCommands.isEmpty, sequencePrefix == nil, state.prompt.isSynced, !state.prompt.synced.text.isEmpty else { return }
        perform(.restartSteps(prefix: state.prompt.synced.text))
    }

    // MARK: - Effects

    @discardableResult
    private func perform(_ effect: AppEffect) -> [AppMessage] {
        switch effect {
        case .startTraining:
            let target = state.session.config.epochs
            guard state.snapshot.epoch < target else {
                return [.failed("nothing to train: epoch \(target) of \(target) is done; pass a larger --epochs")]
            }
            ask(.train(toEpoch: target))
        case .pauseTraining:
            ask(.pause)
        case .resumeTraining:
            ask(.resume)
        case .save(let thenQuit):
            let url = SavePath.resolve(explicit: savePath, checkpoint: state.session.checkpointURL, directory: defaultDirectory, date: Date())
            let ticket = ask(.save(url)) { reply in
                if case .failed(let why) = reply {
                    return [.commandFinished(command: "save", result: CommandResult(status: .failed(message: "cannot save to \(url.path): \(why)")))]
                }
                return [.saved(url, thenQuit: thenQuit)]
            }
            return [.commandStarted(line: "save", ticket: ticket, cancellable: false)]
        case .step(let prefix, let count):
            if sequencePrefix != prefix { startSteps(prefix) }
            promptCommands.insert(ask(.step(count: count)))
        case .restartSteps(let prefix):
            startSteps(prefix)
        case .setSampling(let settings):
            ask(.setSampling(settings))
        case .runCommand(let line):
            let plan = interpreter.plan(line)
            if let request = Self.analysisRequest(line, plan) { return [.openAnalysis(request)] }
            return run(plan, line: line)
        case .analyse(let request):
            guard let command = request.command else { return [] }
            ask(command) { reply in
                if let result = AnalysisResult(reply) { return [.analysed(request, .success(result))] }
                switch reply {
                case .failed(let why): return [.analysed(request, .failure(AnalysisFailure(why)))]
                case .cancelled: return [.analysed(request, .failure(AnalysisFailure("cancelled")))]
                default: return []
                }
            }
        case .complete(let partial):
            return [.completions(interpreter.completions(for: partial, extraPathCommands: ["compare"]))]
        case .cancel(let ticket):
            session.cancel(ticket)
        case .loadComparison(let url):
            work.async { [localMessages] in localMessages.post(TUIApp.comparison(url)) }
        case .redraw:
            wantsFullRepaint = true
        case .quit:
            session.send(.stop)
        }
        return []
    }

    private func startSteps(_ prefix: String) {
        promptCommands.insert(ask(.startSteps(prefix: prefix)))
        sequencePrefix = prefix
    }

    /// Sends `command`; a failure in its reply becomes a message, or `handle` decides.
    @discardableResult
    private func ask(_ command: SessionCommand, _ handle: ((SessionReply) -> [AppMessage])? = nil) -> Ticket {
        let ticket = session.send(command)
        awaiting[ticket] = handle ?? { reply in
            if case .failed(let why) = reply { return [.failed(why)] }
            return []
        }
        return ticket
    }

    /// Carries a `:` command's plan out: the next session command is sent when the last one's reply arrives.
    private func run(_ plan: CommandInterpreter.Plan, line: String) -> [AppMessage] {
        switch plan {
        case .done(let result):
            return [.commandFinished(command: line, result: result)]
        case .ask(let command, let then):
            let ticket = ask(command) { [unowned self] reply in self.run(then(reply), line: line) }
            return [.commandStarted(line: line, ticket: ticket, cancellable: command.isCancellable)]
        }
    }

    /// The view a `:` line opens instead of printing: a view's command whose
    /// arguments parsed (`activations --html` still writes its page). Nil for other lines.
    static func analysisRequest(_ line: String, _ plan: CommandInterpreter.Plan) -> AnalysisRequest? {
        let name = line.split(separator: " ").first.map(String.init) ?? ""
        guard AnalysisKind(rawValue: name) != nil, !line.contains("--html") else { return nil }
        switch plan {
        case .ask(let command, _): return AnalysisRequest(command).flatMap { $0.kind.rawValue == name ? $0 : nil }
        case .done(let result):
            if name == "samples", case .ok = result.status { return .samples }
            return nil
        }
    }

    /// The run in `url` to compare with, or why not.
    static func comparison(_ url: URL) -> AppMessage {
        do {
            return .compared(try ComparedRun.load(url))
        } catch {
            return .failed(error.description)
        }
    }
}
