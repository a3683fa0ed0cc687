#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import TerminalKit

/// Tests that touch process-wide state (ncurses' single screen, signal
/// handlers, the restoration registry, terminal settings) run one at a time.
@Suite(.serialized) struct TerminalStateTests {}

extension TerminalStateTests {
    @Suite struct SignalWatcherTests {
        private func currentHandler(_ signal: Int32) -> UInt {
            var action = sigaction()
            sigaction(signal, nil, &action)
            return withUnsafeBytes(of: &action.__sigaction_handler) { $0.load(as: UInt.self) }
        }

        /// Sends `signal` to the process (test threads block signals, so the
        /// runtime's signal thread takes it) and waits (up to 30 s) until it
        /// is recorded.
        private func deliver(_ signal: Int32, expecting flag: TerminalSignals, sourceLocation: SourceLocation = #_sourceLocation) {
            kill(getpid(), signal)
            let deadline = ContinuousClock.now + .seconds(30)
            while !SignalWatcher.peekSignals().contains(flag) && ContinuousClock.now < deadline {
                usleep(1_000)
            }
            #expect(SignalWatcher.peekSignals().contains(flag), "signal \(signal) never arrived", sourceLocation: sourceLocation)
        }

        @Test func signalsBecomeFlagsUntilPolled() {
            let before = currentHandler(SIGWINCH)
            _ = SignalWatcher.pendingSignals()
            SignalWatcher.install([.windowChange, .resume, .hangup])
            #expect(currentHandler(SIGWINCH) != before)
            deliver(SIGWINCH, expecting: .windowChange)
            deliver(SIGCONT, expecting: .resume)
            #expect(SignalWatcher.peekSignals() == [.windowChange, .resume])
            #expect(SignalWatcher.pendingSignals() == [.windowChange, .resume])
            #expect(SignalWatcher.pendingSignals() == [])
            // Every signal sent must have arrived before uninstalling: a SIGHUP
            // still in flight would then end the test process.
            deliver(SIGHUP, expecting: .hangup)
            #expect(SignalWatcher.pendingSignals() == [.hangup])
            SignalWatcher.uninstall()
            #expect(currentHandler(SIGWINCH) == before)
        }

        @Test func exitStatusesFollowTheShellConvention() {
            #expect(TerminalSignals.interrupt.exitStatus == 130)
            #expect(TerminalSignals.terminate.exitStatus == 143)
            #expect(TerminalSignals.hangup.exitStatus == 129)
            #expect(TerminalSignals([.windowChange, .terminate]).exitStatus == 143)
            #expect(TerminalSignals([.suspend, .windowChange]).exitStatus == nil)
        }
    }

    @Suite struct RestorationTests {
        /// Collects the order restore actions ran in.
        private final class Log: @unchecked Sendable {
            var entries: [String] = []
        }

        @Test func restoreAllRunsNewestFirstAndOnlyOnce() {
            let log = Log()
            let first = TerminalRestoration.register { log.entries.append("first") }
            _ = TerminalRestoration.register { log.entries.append("second") }
            let third = TerminalRestoration.register { log.entries.append("third") }
            TerminalRestoration.unregister(third)
            TerminalRestoration.restoreAll()
            TerminalRestoration.restoreAll()
            TerminalRestoration.unregister(first)
            #expect(log.entries == ["second", "first"])
        }
    }

    @Suite struct RawModeTests {
        @Test func enableChangesTheSettingsAndDisablePutsThemBack() throws {
            let pty = try PseudoTerminal()
            let original = pty.settings()
            let raw = RawMode(fileDescriptor: pty.terminal)
            #expect(raw.enable())
            #expect(raw.isEnabled)
            var current = termios()
            tcgetattr(pty.terminal, &current)
            #expect(current.c_lflag & tcflag_t(ECHO | ICANON | ISIG) == 0)
            #expect(current.c_iflag & tcflag_t(ICRNL | IXON) == 0)
            #expect(current.c_oflag & tcflag_t(OPOST) != 0)
            #expect(raw.enable())  // idempotent: must not save the raw settings
            raw.disable()
            raw.disable()
            #expect(!raw.isEnabled)
            #expect(pty.settings() == original)
        }

        @Test func restorationRegistryUndoesRawMode() throws {
            let pty = try PseudoTerminal()
            let original = pty.settings()
            let raw = RawMode(fileDescriptor: pty.terminal)
            raw.enable()
            TerminalRestoration.restoreAll()
            #expect(pty.settings() == original)
            raw.disable()
        }

        @Test func notATerminalIsRefused() {
            var fds: [Int32] = [0, 0]
            pipe(&fds)
            defer { close(fds[0]); close(fds[1]) }
            let raw = RawMode(fileDescriptor: fds[0])
            #expect(!raw.enable())
            #expect(!raw.isEnabled)
        }
    }
}
