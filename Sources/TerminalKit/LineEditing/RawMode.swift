#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Switches a terminal into raw input mode and back.
///
/// Raw here means: no echo, no line buffering, no signal keys (Ctrl-C, Ctrl-Z
/// and Ctrl-\ arrive as bytes), no CR→NL translation, no flow control; reads
/// return as soon as one byte is available. Output processing stays on, so
/// "\n" still starts a new line for the rest of the program.
///
/// Invariants: the saved settings are the ones in force when `enable()` took
/// effect; `disable()` puts exactly those back. Both are idempotent. While
/// enabled, a restore action is registered with `TerminalRestoration`, so
/// the mode is undone on exit even if `disable()` is never reached.
public final class RawMode {
    public let fileDescriptor: Int32
    public private(set) var isEnabled = false
    private var saved = termios()
    private var restoreToken: TerminalRestoration.Token?

    /// Raw mode for `fileDescriptor`; the default, 0, is standard input.
    public init(fileDescriptor: Int32 = 0) {
        self.fileDescriptor = fileDescriptor
    }

    deinit {
        disable()
    }

    /// Whether the descriptor is a terminal (raw mode only applies to one).
    public var isTerminal: Bool { isatty(fileDescriptor) == 1 }

    /// Enters raw mode. Returns false, changing nothing, when the descriptor is
    /// not a terminal or its settings cannot be read or written.
    @discardableResult
    public func enable() -> Bool {
        if isEnabled { return true }
        guard isTerminal else { return false }
        var original = termios()
        guard tcgetattr(fileDescriptor, &original) == 0 else { return false }
        var raw = RawMode.rawSettings(from: original)
        guard tcsetattr(fileDescriptor, TCSADRAIN, &raw) == 0 else { return false }
        saved = original
        isEnabled = true
        let settings = SavedSettings(fd: fileDescriptor, settings: original)
        restoreToken = TerminalRestoration.register { settings.apply() }
        return true
    }

    /// Puts back the settings saved by `enable()`; does nothing when not enabled.
    public func disable() {
        guard isEnabled else { return }
        var original = saved
        tcsetattr(fileDescriptor, TCSADRAIN, &original)
        isEnabled = false
        if let restoreToken { TerminalRestoration.unregister(restoreToken) }
        restoreToken = nil
    }

    /// `settings` changed to raw mode as described on the type.
    public static func rawSettings(from settings: termios) -> termios {
        var raw = settings
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        return raw
    }

    /// A copy of terminal settings that a restore action may apply from any thread.
    private struct SavedSettings: @unchecked Sendable {
        let fd: Int32
        let settings: termios

        func apply() {
            var copy = settings
            tcsetattr(fd, TCSADRAIN, &copy)
        }
    }
}
