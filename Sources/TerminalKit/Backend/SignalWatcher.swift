#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A set of the signals a terminal program reacts to.
public struct TerminalSignals: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// SIGINT.
    public static let interrupt = TerminalSignals(rawValue: 1 << 0)
    /// SIGTERM.
    public static let terminate = TerminalSignals(rawValue: 1 << 1)
    /// SIGHUP.
    public static let hangup = TerminalSignals(rawValue: 1 << 2)
    /// SIGTSTP (Ctrl-Z).
    public static let suspend = TerminalSignals(rawValue: 1 << 3)
    /// SIGCONT.
    public static let resume = TerminalSignals(rawValue: 1 << 4)
    /// SIGWINCH.
    public static let windowChange = TerminalSignals(rawValue: 1 << 5)

    /// The signals after which the program restores the terminal and exits.
    public static let termination: TerminalSignals = [.interrupt, .terminate, .hangup]
    public static let all: TerminalSignals = [.termination, .suspend, .resume, .windowChange]

    /// The exit status for the first termination signal present, checked in the
    /// order SIGINT (130), SIGTERM (143), SIGHUP (129); nil when none is.
    public var exitStatus: Int32? {
        if contains(.interrupt) { return 128 + SIGINT }
        if contains(.terminate) { return 128 + SIGTERM }
        if contains(.hangup) { return 128 + SIGHUP }
        return nil
    }

    static let numbered: [(TerminalSignals, Int32)] = [
        (.interrupt, SIGINT), (.terminate, SIGTERM), (.hangup, SIGHUP),
        (.suspend, SIGTSTP), (.resume, SIGCONT), (.windowChange, SIGWINCH),
    ]
}

/// Bit `n` is set when signal `n` arrived since the last `pendingSignals()`.
/// The handler only ORs into it and wakes `signalPipe`; everything else
/// happens in the UI loop.
private let receivedSignalBits = Atomic<UInt64>(0)

/// [read end, write end]: the handler writes a byte, so a loop waiting in
/// `poll` on the read end wakes whichever thread the signal interrupted.
/// Both ends are non-blocking; `pendingSignals()` empties it.
private let signalPipe: [Int32] = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { return fds }
    for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
    return fds
}()

private func recordSignal(_ signal: Int32) {
    receivedSignalBits.bitwiseOr(UInt64(1) << UInt64(signal & 63), ordering: .relaxed)
    // write(2) is async-signal-safe; a full pipe already wakes its readers.
    let saved = errno
    var byte: UInt8 = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipe[1], &byte, 1)
    errno = saved
}

/// Catches terminal-related signals and hands them to the UI loop as flags.
///
/// The handlers do no work: they set a bit in an atomic that the loop polls
/// with `pendingSignals()`, and wake `descriptor` so a loop blocked in `poll`
/// sees them at once. Install before creating a `CursesTerminal`, so ncurses
/// (which only claims signals still at their default) leaves them to us. The
/// intended loop:
///
///     SignalWatcher.install()
///     let terminal = try CursesTerminal(theme: theme)
///     while running {
///         let signals = SignalWatcher.pendingSignals()
///         if !signals.isDisjoint(with: .termination) {
///             terminal.restore()
///             TerminalRestoration.exit(for: signals)   // 130, 143 or 129
///         }
///         if signals.contains(.suspend) { terminal.suspend() }   // returns once continued
///         if signals.contains(.resume) { terminal.resume() }
///         if signals.contains(.windowChange) { terminal.updateSize() }  // then readKey gives .resize
///         while let key = terminal.readKey(timeoutMilliseconds: 0) { handle(key) }
///         terminal.draw(render())
///         _ = InputWait.readable([terminal.inputDescriptor, SignalWatcher.descriptor])
///     }
///
/// Outside the TUI (the REPL between lines) the same flags apply: on
/// `.suspend` call `SignalWatcher.stopProcess()`, since a watched SIGTSTP no
/// longer stops the process by itself. `InteractiveLineReader` returns nil
/// while a termination signal is pending.
///
/// Handlers are installed with SA_RESTART, so blocking reads elsewhere are
/// resumed rather than failing with EINTR; a `poll` that includes
/// `descriptor` wakes up whichever thread the signal interrupted.
public enum SignalWatcher {
    /// Installs flag-setting handlers for `signals`, remembering the previous ones.
    /// Installing a signal that is already watched does nothing.
    public static func install(_ signals: TerminalSignals = .all) {
        _ = receivedSignalBits.load(ordering: .relaxed)  // initialise before any handler runs
        _ = signalPipe
        saved.withLock { saved in
            for (flag, number) in TerminalSignals.numbered where signals.contains(flag) {
                guard saved[number] == nil else { continue }
                var action = sigaction()
                action.__sigaction_handler.sa_handler = recordSignal
                sigemptyset(&action.sa_mask)
                action.sa_flags = SA_RESTART
                var previous = sigaction()
                if sigaction(number, &action, &previous) == 0 {
                    saved[number] = SavedAction(action: previous)
                }
            }
        }
    }

    /// Puts back the handlers that were in place before `install`.
    public static func uninstall() {
        saved.withLock { saved in
            for (number, previous) in saved {
                var action = previous.action
                sigaction(number, &action, nil)
            }
            saved.removeAll()
        }
    }

    /// Readable after a watched signal arrived, until `pendingSignals()`:
    /// a loop that waits in `poll` includes it to wake up for signals.
    public static var descriptor: Int32 { signalPipe[0] }

    /// The watched signals received since the last call, clearing them.
    public static func pendingSignals() -> TerminalSignals {
        drainPipe()
        return decode(receivedSignalBits.exchange(0, ordering: .acquiringAndReleasing))
    }

    /// Empties the wake-up pipe (the flags keep what arrived).
    private static func drainPipe() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while bytes.withUnsafeMutableBytes({ read(signalPipe[0], $0.baseAddress, $0.count) }) > 0 {}
    }

    /// The watched signals received since the last `pendingSignals()`, without
    /// clearing them; `descriptor` is readable again only for new ones.
    public static func peekSignals() -> TerminalSignals {
        drainPipe()
        return decode(receivedSignalBits.load(ordering: .acquiring))
    }

    /// Stops the process as the default SIGTSTP action would, and returns once
    /// it is continued. The current SIGTSTP handler is put back afterwards.
    public static func stopProcess() {
        var defaultAction = sigaction()
        defaultAction.__sigaction_handler.sa_handler = nil
        sigemptyset(&defaultAction.sa_mask)
        var previous = sigaction()
        sigaction(SIGTSTP, &defaultAction, &previous)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        var oldMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &unblock, &oldMask)
        raise(SIGTSTP)
        pthread_sigmask(SIG_SETMASK, &oldMask, nil)
        sigaction(SIGTSTP, &previous, nil)
    }

    private static func decode(_ bits: UInt64) -> TerminalSignals {
        var signals: TerminalSignals = []
        for (flag, number) in TerminalSignals.numbered where bits & (UInt64(1) << UInt64(number)) != 0 {
            signals.insert(flag)
        }
        return signals
    }

    private struct SavedAction: @unchecked Sendable {
        var action: sigaction
    }

    private static let saved = Mutex<[Int32: SavedAction]>([:])
}
