#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines for the REPL: with editing and history on a terminal, plainly otherwise.
///
/// On a terminal (input and output both TTYs) each `readLine(prompt:)` puts
/// the input in raw mode, decodes keys with `KeyDecoder`, edits with
/// `LineEditor` and redraws the single line in place with `\r`, the text and
/// `ESC [ K`; raw mode is left again before returning, so the program's own
/// output and Ctrl-C work as usual between lines. Ctrl-C discards the line
/// and prompts again, Ctrl-Z suspends the process, Ctrl-L clears the screen.
///
/// Otherwise (piped input or output) it falls back to Swift's `readLine()`
/// on standard input and prints no prompt.
///
/// Invariant: keys decoded after a submitted line (pasted text, type-ahead)
/// are kept for the next call, never dropped.
public final class InteractiveLineReader {
    /// The editing state, including the history shared by all lines read.
    public var editor: LineEditor
    /// Tab's candidates for the word before the cursor, given the text before
    /// the cursor (see `LineEditor.complete`); Tab does nothing without one.
    public var completer: ((String) -> [String])?
    public let inputDescriptor: Int32
    public let outputDescriptor: Int32
    private let rawMode: RawMode
    private var decoder = KeyDecoder()
    private var pendingKeys: [Key] = []
    private var inputClosed = false

    /// A reader on `input` and `output`, by default standard input (0) and
    /// standard output (1), starting with `history` (oldest first).
    public init(history: [String] = [], maxHistory: Int = 1000, input: Int32 = 0, output: Int32 = 1) {
        editor = LineEditor(history: history, maxHistory: maxHistory)
        inputDescriptor = input
        outputDescriptor = output
        rawMode = RawMode(fileDescriptor: input)
    }

    /// Whether lines are read with editing (both ends are terminals).
    public var isInteractive: Bool {
        isatty(inputDescriptor) == 1 && isatty(outputDescriptor) == 1
    }

    /// Reads one line, without its newline; nil at end of input (Ctrl-D on an
    /// empty line, or the input closing) or when a termination signal watched
    /// by `SignalWatcher` is pending, which the caller then handles.
    public func readLine(prompt: String) -> String? {
        guard isInteractive else { return Swift.readLine(strippingNewline: true) }
        guard !inputClosed, rawMode.enable() else { return nil }
        defer { rawMode.disable() }
        editor.clear()
        var width = terminalWidth()
        redraw(prompt: prompt, width: width)
        while true {
            if !SignalWatcher.peekSignals().isDisjoint(with: .termination) {
                write("\r\n")
                return nil
            }
            if pendingKeys.isEmpty {
                if inputClosed {
                    write("\r\n")
                    return nil
                }
                if !readKeys() {
                    let newWidth = terminalWidth()
                    if newWidth != width {
                        width = newWidth
                        redraw(prompt: prompt, width: width)
                    }
                    continue
                }
            }
            var needsRedraw = false
            while !pendingKeys.isEmpty {
                let key = pendingKeys.removeFirst()
                if key == .control("z") {
                    if needsRedraw { redraw(prompt: prompt, width: width) }
                    suspend()
                    width = terminalWidth()
                    needsRedraw = true
                    continue
                }
                if key == .tab, let completer {
                    if case .ambiguous(let candidates) = editor.complete(with: completer(editor.textBeforeCursor)) {
                        // The candidates under the line, then the line again.
                        write("\r\n" + TextFit.wrap(candidates.joined(separator: " "), width: width).joined(separator: "\r\n") + "\r\n")
                    }
                    needsRedraw = true
                    continue
                }
                let before = editor
                switch editor.handle(key) {
                case .edited:
                    needsRedraw = true
                case .submitted(let line):
                    showFinished(line, prompt: prompt, width: width)
                    return line
                case .cancelled:
                    if needsRedraw { redraw(before, prompt: prompt, width: width) }
                    write("^C\r\n")
                    needsRedraw = true
                case .endOfInput:
                    write("\r\n")
                    return nil
                case .clearScreen:
                    write("\u{1B}[H\u{1B}[2J")
                    needsRedraw = true
                case .ignored:
                    break
                }
            }
            if needsRedraw { redraw(prompt: prompt, width: width) }
        }
    }

    /// Waits for input or a watched signal and decodes the input into
    /// `pendingKeys`; returns whether any keys resulted. The one deadline is
    /// the escape timeout: an Esc with nothing after it is the Esc key. Marks
    /// `inputClosed` at end of file.
    private func readKeys() -> Bool {
        let timeout = decoder.isPending ? KeyDecoder.escapeTimeoutMilliseconds : nil
        let ready = InputWait.readable([inputDescriptor, SignalWatcher.descriptor], timeoutMilliseconds: timeout)
        if ready.isEmpty, decoder.isPending {
            pendingKeys += decoder.flush()
            return !pendingKeys.isEmpty
        }
        guard ready.contains(inputDescriptor) else { return false }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(inputDescriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            pendingKeys += decoder.feed(bytes[0..<count])
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            pendingKeys += decoder.flush()
            inputClosed = true
        }
        return !pendingKeys.isEmpty
    }

    private func redraw(prompt: String, width: Int) {
        redraw(editor, prompt: prompt, width: width)
    }

    private func redraw(_ state: LineEditor, prompt: String, width: Int) {
        let (text, column) = state.render(prompt: prompt, width: width)
        var output = "\r" + text + "\u{1B}[K\r"
        if column > 0 { output += "\u{1B}[\(column)C" }
        write(output)
    }

    /// Leaves the submitted line on screen as typed, with the prompt (also
    /// when it came from a search), and moves to the next line.
    private func showFinished(_ line: String, prompt: String, width: Int) {
        var finished = LineEditor()
        finished.setText(line)
        write("\r" + finished.render(prompt: prompt, width: width).text + "\u{1B}[K\r\n")
    }

    /// Ctrl-Z: leave raw mode, stop as the shell expects, come back raw.
    private func suspend() {
        rawMode.disable()
        write("\r\n")
        SignalWatcher.stopProcess()
        rawMode.enable()
    }

    /// Columns available for the line: one less than the terminal's, so the
    /// cursor never sits in the last column (where terminals defer wrapping).
    private func terminalWidth() -> Int {
        var window = winsize()
        guard ioctl(outputDescriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 1 else { return 79 }
        return Int(window.ws_col) - 1
    }

    private func write(_ text: String) {
        TerminalRestoration.writeAll(outputDescriptor, text)
    }
}
