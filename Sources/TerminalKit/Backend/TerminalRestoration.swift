#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Puts the terminal back the way it was before the program leaves, by any path.
///
/// Whatever changes the terminal's mode (`CursesTerminal`, `RawMode`) registers
/// a restore action here while the change is in force and unregisters it when
/// it undoes the change itself. `restoreAll()` runs the registered actions,
/// newest first, and forgets them, so it is safe to call any number of times
/// from any exit path: normal exit (via the `atexit` hook installed on first
/// registration), a termination signal (`exit(for:)`), or a fatal error
/// (`fail(_:)`), which restores before printing so the message is not lost in
/// the alternate screen.
public enum TerminalRestoration {
    /// Identifies a registered action.
    public struct Token: Hashable, Sendable {
        fileprivate let id: Int
    }

    /// Registers `action` to run on `restoreAll()`; actions should be idempotent.
    public static func register(_ action: @escaping @Sendable () -> Void) -> Token {
        installExitHook()
        return registry.withLock { state in
            state.nextID += 1
            state.actions.append((state.nextID, action))
            return Token(id: state.nextID)
        }
    }

    /// Forgets an action, once its owner has restored the terminal itself.
    public static func unregister(_ token: Token) {
        registry.withLock { state in state.actions.removeAll { $0.id == token.id } }
    }

    /// Runs every registered action, newest first, and forgets them.
    public static func restoreAll() {
        let actions = registry.withLock { state in
            defer { state.actions.removeAll() }
            return state.actions
        }
        for (_, action) in actions.reversed() { action() }
    }

    /// Restores the terminal, then exits with `code`.
    public static func exit(code: Int32) -> Never {
        restoreAll()
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }

    /// Restores the terminal and exits with the conventional status for the
    /// termination signal in `signals` (130 SIGINT, 143 SIGTERM, 129 SIGHUP),
    /// or 1 when `signals` holds none.
    public static func exit(for signals: TerminalSignals) -> Never {
        exit(code: signals.exitStatus ?? 1)
    }

    /// Restores the terminal, writes `message` and a newline to standard error,
    /// and exits with `code`. Use this instead of `fatalError` while a
    /// terminal mode is in force.
    public static func fail(_ message: String, code: Int32 = 1) -> Never {
        restoreAll()
        var text = message
        if !text.hasSuffix("\n") { text += "\n" }
        writeAll(STDERR_FILENO, text)
        exit(code: code)
    }

    /// Writes all of `text` to `fd`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private static func installExitHook() {
        guard !exitHookInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        atexit { TerminalRestoration.restoreAll() }
    }

    private struct Registry {
        var nextID = 0
        var actions: [(id: Int, action: @Sendable () -> Void)] = []
    }

    private static let registry = Mutex(Registry())
    private static let exitHookInstalled = Atomic<Bool>(false)
}
