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
    /// false or `NO_COLOR` is set.
    public static func standard(session: Session, colorAllowed: Bool) -> REPLLoop {
        let reader = InteractiveLineReader()
        let interactive = reader.isInteractive
        let noColorVariable = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let style: OutputStyle = interactive && colorAllowed && !noColorVariable ? .color : .plain
        let interpreter = CommandInterpreter(session: session, style: style, scriptMode: !interactive)
        reader.completer = { interpreter.completions(for: $0) }
        let io = IO(
            readLine: { prompt in reader.readLine(prompt: prompt) },
            writeOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
            writeError: { FileHandle.standardError.write(Data($0.utf8)) })
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

    private func runScript() -> Int32 {
        interpreter.progressHandler = { [io] line in io.writeOutput(line.text + "\n") }
        interpreter.interruption = (SignalWatcher.descriptor, { !SignalWatcher.peekSignals().isDisjoint(with: .termination) })
        while let line = io.readLine("") {
            // Signals are caught only while a command runs, so Ctrl-C stops a
            // training run cleanly but still ends a script waiting for input.
            if handlesSignals { SignalWatcher.install(.termination) }
            let result = interpreter.execute(line)
            var signals: TerminalSignals = []
            if handlesSignals {
                signals = SignalWatcher.pendingSignals()
                SignalWatcher.uninstall()
            }
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
                return 0
            }
            interpreter.width = Self.outputColumns()
            let result = interpreter.execute(line)
            show(result.lines)
            switch result.status {
            case .ok: break
            case .quit: return 0
            case .failed(let message):
                let label = interpreter.style == .color ? ANSIText.render(OutputLine("error:", style: Style(foreground: .red, bold: true))) : "error:"
                io.writeError("\(label) \(message)\n")
            }
        }
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
