#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CharRNN
import Foundation
import TerminalKit

/// Reads command lines, runs them through a `CommandInterpreter` and prints
/// the results: the body of `charrnn repl`.
///
/// Interactive (a terminal on both ends): a prompt with line editing and
/// history; errors are shown and the session goes on; epoch lines of a
/// background run are printed before the next prompt, so they never cut into
/// the line being edited. Script (a pipe or a file): no prompt, every line
/// runs in turn, and the first failing command ends the run with status 1
/// after its error. Errors go to standard error as `error: …`.
///
/// Unsaved training is never lost on leaving: at a prompt `quit` and Ctrl-D
/// ask whether to save it, and `load` asks before replacing it; a script that
/// ends saves it to a new file (`EmergencyFile`) and says where on standard
/// error; on a signal the caller saves it (`Interrupts.rescue`). `quit!`
/// leaves without saving; in a script `load` over it fails unless written
/// `load!`.
public final class REPLLoop {
    /// Where lines come from and where output goes.
    public struct IO {
        /// The next line without its newline, or nil at end of input.
        public var readLine: (_ prompt: String) -> String?
        public var writeOutput: (String) -> Void
        public var writeError: (String) -> Void

        public init(readLine: @escaping (String) -> String?, writeOutput: @escaping (String) -> Void, writeError: @escaping (String) -> Void) {
            self.readLine = readLine
            self.writeOutput = writeOutput
            self.writeError = writeError
        }
    }

    public static let prompt = "charrnn> "

    public let interpreter: CommandInterpreter
    private let io: IO
    /// Whether to catch Ctrl-C, SIGTERM and SIGHUP (with `SignalWatcher`).
    private let handlesSignals: Bool

    public init(interpreter: CommandInterpreter, io: IO, handlesSignals: Bool = false) {
        self.interpreter = interpreter
        self.io = io
        self.handlesSignals = handlesSignals
    }

    /// The loop on standard input and output: interactive when both are
    /// terminals (with Tab completion), in colour then unless `colorAllowed` is
    /// false or `NO_COLOR` is non-empty.
    public static func standard(session: Session, colorAllowed: Bool) -> REPLLoop {
        let reader = InteractiveLineReader()
        let interactive = reader.isInteractive
        let noColorVariable = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let style: OutputStyle = interactive && colorAllowed && !noColorVariable ? .color : .plain
        let interpreter = CommandInterpreter(session: session, style: style, scriptMode: !interactive)
        reader.completer = { interpreter.completions(for: $0) }
        let script = ScriptLineReader()
        let io = IO(
            readLine: { prompt in interactive ? reader.readLine(prompt: prompt) : script.readLine() },
            writeOutput: { writeStdout($0) },
            writeError: { writeStderr($0) })
        return REPLLoop(interpreter: interpreter, io: io, handlesSignals: true)
    }

    /// Runs until `quit`, the end of input or, in a script, a failed command;
    /// returns the exit status (0, 1 for a failed script, 128 + n for a signal).
    /// The terminal's columns on standard output (80 when it has none).
    static func outputColumns() -> Int {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return 80 }
        return Int(window.ws_col)
    }

    public func run() -> Int32 {
        if handlesSignals { Self.unblockTerminationSignals() }
        return interpreter.scriptMode ? runScript() : runInteractive()
    }

    /// A process may start with SIGINT, SIGTERM and SIGHUP blocked (inherited
    /// from a launcher's thread); the loop handles them, so let them through.
    private static func unblockTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// A script's lines, then (unless it said `quit!`) unsaved training saved
    /// to a new file; the status is the script's own, or 1 when that save failed.
    /// A script ended by a signal leaves the save to the caller's one rule
    /// for signals (`Interrupts.rescue`), whose line is the last one.
    private func runScript() -> Int32 {
        let status = runScriptLines()
        guard status <= 128, !interpreter.discardsUnsaved, let what = interpreter.unsavedTraining else { return status }
        return saveForLeaving(what) || status != 0 ? status : 1
    }

    private func runScriptLines() -> Int32 {
        interpreter.progressHandler = { [io] line in io.writeOutput(line.text + "\n") }
        interpreter.interruption = (SignalWatcher.descriptor, { !SignalWatcher.peekSignals().isDisjoint(with: .termination) })
        // Signals stay caught from here to the exit, so that the caller can
        // save what was trained (see `Interrupts.rescue`); waiting for a line
        // ends on one too.
        if handlesSignals { SignalWatcher.install(.termination) }
        while let line = io.readLine("") {
            let result = interpreter.execute(line)
            let signals = handlesSignals ? SignalWatcher.pendingSignals() : []
            show(result.lines)
            switch result.status {
            case .ok: break
            case .quit: return 0
            case .failed(let message):
                io.writeError("error: \(message)\n")
                return signals.exitStatus ?? 1
            }
            if let status = signals.exitStatus { return status }
        }
        if handlesSignals, let status = SignalWatcher.pendingSignals().exitStatus { return status }
        return 0
    }

    private func runInteractive() -> Int32 {
        // A window change wakes the line reader, which then fits the line to the new width.
        if handlesSignals { SignalWatcher.install([.termination, .windowChange]) }
        // Ctrl-C while a command runs cancels it (an evaluation, a long sample); training goes on.
        interpreter.interruption = (SignalWatcher.descriptor, { SignalWatcher.peekSignals().contains(.interrupt) })
        defer { if handlesSignals { SignalWatcher.uninstall() } }
        show([OutputLine(greeting())])
        while true {
            show(interpreter.trainingReport())
            if handlesSignals {
                // Ctrl-C during a command only interrupts that command's output; SIGTERM and SIGHUP end the session.
                let signals = SignalWatcher.pendingSignals().subtracting(.interrupt)
                if let status = signals.exitStatus { return status }
            }
            guard let line = io.readLine(Self.prompt) else {
                if handlesSignals, let status = SignalWatcher.pendingSignals().exitStatus { return status }
                if mayLeave() { return 0 }
                continue
            }
            var force = false
            if interpreter.loadsOverUnsavedTraining(line) {
                guard confirm("\(interpreter.unsavedTraining ?? "unsaved training") would be lost; load anyway? [y/N] ") else { continue }
                force = true
            }
            interpreter.width = Self.outputColumns()
            let result = interpreter.execute(line, force: force)
            show(result.lines)
            switch result.status {
            case .ok: break
            case .quit: if mayLeave() { return 0 }
            case .failed(let message):
                let label = interpreter.style == .color ? ANSIText.render(OutputLine("error:", style: Style(foreground: .red, bold: true))) : "error:"
                io.writeError("\(label) \(message)\n")
            }
        }
    }

    /// At `quit` or Ctrl-D: true when nothing unsaved stands in the way, or
    /// the user chose to save it (to a new file) or to discard it; false to stay.
    private func mayLeave() -> Bool {
        guard !interpreter.discardsUnsaved, let what = interpreter.unsavedTraining else { return true }
        guard let url = EmergencyFile.reserve() else { return saveForLeaving(what) }
        guard let answer = io.readLine("\(what): save it to \(url.path) before leaving? [y]es/[n]o/[c]ancel ") else {
            return saveForLeaving(what, to: url)
        }
        let choice = answer.trimmingCharacters(in: .whitespaces).lowercased().first
        if choice == "y" { return saveForLeaving(what, to: url) }
        EmergencyFile.release(url)
        return choice == "n"
    }

    /// Whether the user answered yes; end of input is no.
    private func confirm(_ question: String) -> Bool {
        io.readLine(question)?.trimmingCharacters(in: .whitespaces).lowercased().first == "y"
    }

    /// Saves unsaved training by the rule every front end follows
    /// (`EmergencyFile.save`: to `reserved`, a new file, or else once more to
    /// another new file) and says where on standard error; false when it did
    /// not go where it was meant to.
    private func saveForLeaving(_ what: String, to reserved: URL? = nil) -> Bool {
        let outcome = EmergencyFile.save(to: reserved) { url in
            if let problem = interpreter.stopAndSave(to: url) { throw EmergencyFile.Failure(description: problem) }
        }
        if let reserved, outcome.url != reserved { EmergencyFile.release(reserved) }
        if let failure = outcome.failure {
            io.writeError("charrnn: \(what) not saved: \(failure)\n")
            return false
        }
        io.writeError("charrnn: \(what) saved to \(outcome.url?.path ?? "")\n")
        return true
    }

    /// `32 hidden units, epoch 100 (…/d2l-rnn.safetensors). `help` lists the commands; `quit` or Ctrl-D leaves.`
    private func greeting() -> String {
        let state = interpreter.session.state()
        let origin = state.checkpointURL.map { " (\($0.lastPathComponent))" } ?? " (new model)"
        return "\(state.model.hidden) hidden units, epoch \(state.training.epoch)\(origin). `help` lists the commands; `quit` or Ctrl-D leaves."
    }

    private func show(_ lines: [OutputLine]) {
        guard !lines.isEmpty else { return }
        let color = interpreter.style == .color
        io.writeOutput(lines.map { (color ? ANSIText.render($0) : $0.text) + "\n" }.joined())
    }
}
