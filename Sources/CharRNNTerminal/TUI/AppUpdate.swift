import CharRNN
import Foundation
import TerminalKit

/// The update of the Model/Update/View split: messages change the state and
/// may ask for effects; nothing here touches the engine or the terminal.
public enum AppUpdate {
    /// Applies `message` to `state` and returns the effects to carry out, in order.
    public static func update(_ state: inout AppState, _ message: AppMessage) -> [AppEffect] {
        var effects: [AppEffect] = []
        switch message {
        case .key(let key):
            effects = handle(key, &state)
        case .resize(let width, let height):
            state.width = max(0, width)
            state.height = max(0, height)
        case .session(let session):
            show(session, &state)
            effects = refreshAnalysis(&state)
        case .commandStarted(let line, let ticket, let cancellable):
            state.pending = PendingCommand(line: line, ticket: ticket, cancellable: cancellable)
            let name = line.split(separator: " ").first.map(String.init) ?? line
            state.message = StatusMessage("\(name) running…" + (cancellable ? " (Esc cancels)" : ""))
        case .saved(let url, let thenQuit):
            state.pending = nil
            state.message = StatusMessage("saved to \(url.path)")
            if thenQuit {
                state.quitting = true
                effects = [.quit]
            }
        case .compared(let run):
            state.comparison = run
            let epochs = run.history.count
            state.message = StatusMessage("comparing with \(run.name): \(epochs) epoch\(epochs == 1 ? "" : "s") from \(run.path)")
        case .failed(let text):
            state.message = StatusMessage(text, isError: true)
        case .completions(let candidates):
            complete(with: candidates, &state)
        case .commandFinished(let command, let result):
            state.pending = nil
            adoptSessionPrefix(&state)
            effects = finish(command: command, result: result, &state)
        case .openAnalysis(let request):
            state.pending = nil
            effects = openAnalysis(request, &state)
        case .analysed(let request, let outcome):
            receive(request, outcome, &state)
            effects = refreshAnalysis(&state)
        case .frameDrawn(let render, let flush):
            state.frameStats.record(renderMilliseconds: render, flushMilliseconds: flush)
        case .promptIdle:
            effects = syncPrompt(&state)
        }
        normalize(&state)
        return effects
    }

    // MARK: - The session

    /// Shows the session's state: the run, the model, the sampling settings,
    /// and the step sequence and its hidden states when they are on the typed prefix.
    static func show(_ session: SessionState, _ state: inout AppState) {
        if let text = session.training.message, text != state.snapshot.message {
            state.message = StatusMessage(text, isError: true)
        }
        if session.modelVersion != state.session.modelVersion {
            state.model = ModelInfo(session)
            state.probe = .empty
        }
        state.session = session
        state.prompt.sampling = session.sampling
        showSteps(&state)
    }

    /// The session's step sequence and its hidden states, when they are on the typed prefix.
    static func showSteps(_ state: inout AppState) {
        let steps = state.session.steps
        let before = state.prompt.generated
        let onPrefix = !steps.ids.isEmpty && state.prompt.isSynced && steps.prefix == state.prompt.synced.text
        state.prompt.generated = onPrefix ? Array(steps.generated) : []
        state.prompt.lastStep = onPrefix ? steps.last : nil
        if state.prompt.generated != before { followProbeEnd(&state) }
        if onPrefix, let probe = state.session.probe, probe.modelVersion == state.session.modelVersion,
            !state.probe.matches(ids: probe.trace.inputs, version: probe.paramsVersion)
        {
            state.probe = ProbeTrace(trace: probe.trace, paramsVersion: probe.paramsVersion)
        }
    }

    /// After a `:` command: when it moved the step sequence to another prefix
    /// (`:step "it was"`), the prompt takes that prefix (unless typing since
    /// the last synchronisation is still to be sent).
    static func adoptSessionPrefix(_ state: inout AppState) {
        let steps = state.session.steps
        guard !steps.ids.isEmpty, state.prompt.isSynced, steps.prefix != state.prompt.synced.text else { return }
        state.prompt.editor.setText(steps.prefix)
        state.prompt.sync(vocabulary: state.model.vocabulary)
        showSteps(&state)
    }

    // MARK: - Keys

    static func handle(_ key: Key, _ state: inout AppState) -> [AppEffect] {
        guard !state.quitting else { return [] }
        if key == .resize { return [] }
        switch state.overlay {
        case .quitConfirm?:
            return answerQuitQuestion(key, &state)
        case .help?:
            state.overlay = nil
            return []
        case .commandOutput?:
            state.overlay = nil
            if key == .character(":") { openCommandLine(&state) }
            return []
        case nil:
            break
        }
        if state.commandLine != nil { return editCommandLine(key, &state) }
        if let effects = analysisKey(key, &state) { return effects }
        guard let action = KeyBindings.action(for: key, typing: state.isTyping) else { return [] }
        return perform(action, &state)
    }

    static func answerQuitQuestion(_ key: Key, _ state: inout AppState) -> [AppEffect] {
        switch key {
        case .character("y"), .character("Y"):
            state.overlay = nil
            return [.save(thenQuit: true)]
        case .character("n"), .character("N"):
            state.overlay = nil
            state.quitting = true
            return [.quit]
        case .character("c"), .character("C"), .escape:
            state.overlay = nil
            state.message = StatusMessage("quit cancelled")
            return []
        default:
            return []
        }
    }

    /// Asks to save first when the weights changed since the last save.
    static func requestQuit(_ state: inout AppState) -> [AppEffect] {
        if state.snapshot.unsaved {
            state.overlay = .quitConfirm
            return []
        }
        state.quitting = true
        return [.quit]
    }

    // MARK: - Command line

    static func openCommandLine(_ state: inout AppState) {
        var editor = LineEditor(history: state.commandHistory.entries)
        editor.recordsHistory = false
        state.commandLine = editor
    }

    static func editCommandLine(_ key: Key, _ state: inout AppState) -> [AppEffect] {
        guard var editor = state.commandLine else { return [] }
        state.commandCandidates = []
        if key == .escape {
            state.commandLine = nil
            return []
        }
        if key == .tab { return [.complete(editor.textBeforeCursor)] }
        switch editor.handle(key) {
        case .submitted(let line):
            state.commandLine = nil
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return [] }
            state.commandHistory.add(trimmed)
            return ownCommand(trimmed, &state) ?? [.runCommand(trimmed)]
        case .cancelled, .endOfInput:
            state.commandLine = nil
            return []
        case .clearScreen:
            state.commandLine = editor
            return [.redraw]
        case .edited, .ignored:
            state.commandLine = editor
            return []
        }
    }

    /// Completes the word before the command line's cursor; keeps the
    /// candidates to show when they share no longer start.
    static func complete(with candidates: [String], _ state: inout AppState) {
        guard var editor = state.commandLine else { return }
        if case .ambiguous(let names) = editor.complete(with: candidates) { state.commandCandidates = names }
        state.commandLine = editor
    }

    /// The TUI's own `:` commands, taken before the REPL's interpreter sees
    /// the line: `compare PATH` loads another run's curves, `compare off`
    /// drops them, `compare` alone says what is compared. Nil for other lines.
    static func ownCommand(_ line: String, _ state: inout AppState) -> [AppEffect]? {
        let words = line.split(separator: " ", maxSplits: 1)
        guard words.first == "compare" else { return nil }
        let argument = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
        switch argument {
        case "":
            if let run = state.comparison {
                state.message = StatusMessage("comparing with \(run.name) (\(run.path)); :compare off stops")
            } else {
                state.message = StatusMessage("usage: compare PATH (a --metrics .jsonl file or a checkpoint), compare off", isError: true)
            }
            return []
        case "off":
            state.message = StatusMessage(state.comparison == nil ? "nothing is compared" : "comparison with \(state.comparison!.name) cleared")
            state.comparison = nil
            return []
        default:
            return [.loadComparison(ComparedRun.url(forTyped: argument))]
        }
    }

    static func finish(command: String, result: CommandResult, _ state: inout AppState) -> [AppEffect] {
        switch result.status {
        case .quit:
            return requestQuit(&state)
        case .failed(let message):
            if result.lines.isEmpty {
                state.message = StatusMessage(message, isError: true)
            } else {
                state.overlay = .commandOutput(command: command, result: result)
            }
        case .ok:
            switch result.lines.count {
            case 0: state.message = StatusMessage(":\(command) done")
            case 1: state.message = StatusMessage(result.lines[0].text)
            default: state.overlay = .commandOutput(command: command, result: result)
            }
        }
        return []
    }
}
