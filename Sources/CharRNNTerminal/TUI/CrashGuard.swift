#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import TerminalKit

/// Makes a crash while the TUI owns the screen leave a usable terminal and a
/// readable message.
///
/// While armed, standard error goes to an unlinked temporary file, so what the
/// runtime prints on a fatal error (`Fatal error: Index out of range`) is not
/// lost in the alternate screen; on a fatal signal (SIGILL and SIGTRAP from
/// Swift's traps, SIGABRT, SIGSEGV, SIGBUS, SIGFPE) the handler restores the
/// terminal through `TerminalRestoration`, which puts standard error back and
/// copies the captured text to it, then lets the signal kill the process as
/// it would have. Disarming does the same without the signal.
///
/// The handler does more than is async-signal-safe (ncurses' `endwin`); it
/// runs only when the process is already dying, where a restored terminal is
/// worth the risk.
public enum CrashGuard {
    static let fatalSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// The real standard error while captured, else -1.
    private static let savedStderr = Atomic<Int32>(-1)
    /// The file standard error is captured in, else -1.
    private static let captureFile = Atomic<Int32>(-1)
    private static let token = Mutex<TerminalRestoration.Token?>(nil)

    /// Captures standard error and installs the fatal-signal handlers. Call
    /// before opening the terminal, so the terminal is restored first.
    public static func arm() {
        var template = Array("/tmp/charrnn-stderr-XXXXXX".utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard file >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            close(file)
            if saved >= 0 { close(saved) }
            return
        }
        savedStderr.store(saved, ordering: .releasing)
        captureFile.store(file, ordering: .releasing)
        token.withLock { $0 = TerminalRestoration.register { CrashGuard.releaseStderr() } }
        for number in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashed
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND)) | Int32(SA_NODEFER)
            sigaction(number, &action, nil)
        }
    }

    /// Puts the default fatal-signal actions back and standard error back,
    /// copying to it whatever was written while captured.
    public static func disarm() {
        for number in fatalSignals { signal(number, SIG_DFL) }
        if let registered = token.withLock({ t -> TerminalRestoration.Token? in defer { t = nil }; return t }) {
            TerminalRestoration.unregister(registered)
        }
        releaseStderr()
    }

    /// Puts standard error back and copies the captured text to it (once).
    static func releaseStderr() {
        let saved = savedStderr.exchange(-1, ordering: .acquiringAndReleasing)
        let file = captureFile.exchange(-1, ordering: .acquiringAndReleasing)
        guard saved >= 0, file >= 0 else { return }
        dup2(saved, STDERR_FILENO)
        close(saved)
        lseek(file, 0, SEEK_SET)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { chunk in
            while true {
                let count = read(file, chunk.baseAddress, chunk.count)
                guard count > 0 else { break }
                var offset = 0
                while offset < count {
                    let written = write(STDERR_FILENO, chunk.baseAddress! + offset, count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
        close(file)
    }
}

/// The fatal-signal handler: restore, then die of the same signal.
private func crashed(_ signal: Int32) {
    TerminalRestoration.restoreAll()
    raise(signal)
}
