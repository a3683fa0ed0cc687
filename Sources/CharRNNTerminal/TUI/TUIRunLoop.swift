import CharRNN
import Foundation
import TerminalKit

/// How the TUI starts: everything decided from the command line.
public struct TUIConfiguration: Sendable {
    public var theme: Theme
    /// The probe text the prompt starts with.
    public var prefix: String
    /// Characters added by one "generate".
    public var generateCount: Int
    /// `--save PATH`.
    public var savePath: URL?
    /// Start training at once (a fresh model) or paused (an opened checkpoint).
    public var startPaused: Bool
    /// `--compare PATH`: another run's curves to draw under this one's.
    public var comparePath: URL?

    public init(theme: Theme, prefix: String, generateCount: Int, savePath: URL?, startPaused: Bool, comparePath: URL? = nil) {
        self.theme = theme
        self.prefix = prefix
        self.generateCount = generateCount
        self.savePath = savePath
        self.startPaused = startPaused
        self.comparePath = comparePath
    }
}

/// The terminal side of the TUI: reads keys and signals, takes the session's
/// events, and draws a frame when something changed.
///
/// Each turn: act on signals (termination, stop/continue, window change),
/// read the keys that are waiting, take the session's events, draw when a
/// frame is due, then wait in `poll` for the next key, signal or event. The
/// loop never waits for the session: slow commands run off this thread and
/// their replies arrive as events.
public enum TUIRunLoop {
    /// The frame interval after a key: at most 25 frames a second.
    public static let frameInterval: Duration = .milliseconds(40)
    /// Frames that only show training progress come at most this often: the
    /// curves and numbers still move smoothly, and drawing (and the terminal
    /// parsing it) takes a small share of the cores the training needs.
    public static let progressFrameInterval: Duration = .milliseconds(100)
    /// Keys read in one turn before drawing (a paste arrives as many keys).
    static let keysPerTurn = 64

    /// Runs the TUI until the user quits or a termination signal arrives, with
    /// the terminal restored on return. Returns the exit status: 0, or 130,
    /// 143, 129 for SIGINT, SIGTERM, SIGHUP, after the weights are saved by
    /// `Interrupts.rescue` (1 when that save failed).
    public static func run(session: Session, configuration: TUIConfiguration) throws -> Int32 {
        // Last: the run ends after its minibatch once the terminal is the shell's again.
        defer { session.close() }
        SignalWatcher.install()
        defer { SignalWatcher.uninstall() }
        let status = try runOnScreen(session: session, configuration: configuration)
        guard status != 0 else { return 0 }
        // The terminal is the shell's again, and the signals stay caught while saving.
        return Interrupts.rescue(session, explicit: configuration.savePath, status: status)
    }

    /// The TUI on the screen, from opening the terminal to restoring it.
    static func runOnScreen(session: Session, configuration: TUIConfiguration) throws -> Int32 {
        CrashGuard.arm()
        defer { CrashGuard.disarm() }
        let terminal = try CursesTerminal(theme: configuration.theme)
        defer { terminal.restore() }
        session.send(.train(toEpoch: session.state().config.epochs, paused: configuration.startPaused))
        let app = TUIApp(
            session: session, width: terminal.size.columns, height: terminal.size.rows,
            theme: configuration.theme, prefix: configuration.prefix, generateCount: configuration.generateCount,
            savePath: configuration.savePath, comparePath: configuration.comparePath)
        return loop(app, terminal: terminal)
    }

    static func loop(_ app: TUIApp, terminal: CursesTerminal) -> Int32 {
        let clock = ContinuousClock()
        var lastFrame = clock.now - progressFrameInterval
        var userPending = false  // a key or a resize is waiting to be shown
        while !app.state.quitting {
            let signals = SignalWatcher.pendingSignals()
            if let status = signals.exitStatus { return status }
            if !signals.isDisjoint(with: [.suspend, .resume]) {
                // suspend() returns once continued; either way the screen is repainted.
                if signals.contains(.suspend) { terminal.suspend() } else { terminal.resume() }
                app.send(.resize(width: terminal.size.columns, height: terminal.size.rows))
            }
            if signals.contains(.windowChange) {
                terminal.updateSize()
                userPending = true
            }

            var typed = false
            for _ in 0..<keysPerTurn {
                guard !app.state.quitting, let key = terminal.readKey(timeoutMilliseconds: 0) else { break }
                typed = true
                userPending = true
                handle(key, app, terminal: terminal)
            }
            // A long prompt typed into is synchronised once no key is waiting.
            if !typed, !app.state.prompt.isSynced { app.send(.promptIdle) }
            app.handleSessionEvents()
            if app.wantsFullRepaint {
                app.wantsFullRepaint = false
                terminal.forceRedraw()
            }
            let interval = userPending ? frameInterval : progressFrameInterval
            if app.needsDisplay, typed || clock.now - lastFrame >= interval {
                lastFrame = clock.now
                userPending = false
                draw(app, terminal: terminal, clock: clock)
                app.didDisplay()
            }
            guard !app.state.quitting else { break }

            // Wait for a key, a signal or (when no frame is pending) the session.
            // With a frame pending, the one deadline is that frame's: the session's
            // events meanwhile are taken with it, so training progress costs at
            // most one frame per interval.
            var sources = [terminal.inputDescriptor, SignalWatcher.descriptor]
            var deadline: Int?
            if app.needsDisplay {
                let due = interval - (clock.now - lastFrame)
                deadline = max(0, Int((due.seconds * 1000).rounded(.up)))
            } else {
                sources += [app.session.events.descriptor, app.localMessages.descriptor]
            }
            _ = InputWait.readable(sources, timeoutMilliseconds: deadline)
        }
        return 0
    }
    static func handle(_ key: Key, _ app: TUIApp, terminal: CursesTerminal) {
        if key == .resize {
            app.send(.resize(width: terminal.size.columns, height: terminal.size.rows))
        } else {
            app.send(.key(key))
        }
    }

    /// Renders and flushes one frame, and records how long each part took.
    static func draw(_ app: TUIApp, terminal: CursesTerminal, clock: ContinuousClock) {
        let start = clock.now
        let buffer = AppView.render(app.state)
        let rendered = clock.now
        terminal.cursorPosition = AppView.cursorPosition(app.state)
        terminal.draw(buffer)
        let flushed = clock.now
        app.recordFrame(render: rendered - start, flush: flushed - rendered)
    }
}
