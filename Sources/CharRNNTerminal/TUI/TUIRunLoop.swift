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

/// The terminal side of the TUI: reads keys and signals, polls the engine
/// about 25 times a second, and draws a frame when something changed.
///
/// Each turn: act on signals (termination, stop/continue, window change),
/// wait up to the rest of the frame interval for a key, poll the snapshot,
/// then render state → buffer and let the backend flush what differs. The
/// engine is only read through its snapshot, so the loop never waits for it.
public enum TUIRunLoop {
    /// The polling interval, and the frame interval after a key: 25 a second.
    public static let frameInterval: Duration = .milliseconds(40)
    /// Frames that only show training progress come at most this often: the
    /// curves and numbers still move smoothly, and drawing (and the terminal
    /// parsing it) takes a small share of the cores the training needs.
    public static let progressFrameInterval: Duration = .milliseconds(100)
    /// Keys read in one turn before drawing (a paste arrives as many keys).
    static let keysPerTurn = 64

    /// Runs the TUI until the user quits or a termination signal arrives, with
    /// the terminal restored on return. Returns the exit status: 0, or 130,
    /// 143, 129 for SIGINT, SIGTERM, SIGHUP.
    public static func run(
        workbench: Workbench, configuration: TUIConfiguration, runCommand: @escaping (String) -> CommandResult
    ) throws -> Int32 {
        SignalWatcher.install()
        defer { SignalWatcher.uninstall() }
        CrashGuard.arm()
        defer { CrashGuard.disarm() }
        let terminal = try CursesTerminal(theme: configuration.theme)
        defer { terminal.restore() }
        let session = workbench.session
        session.train(toEpoch: session.config.epochs, startPaused: configuration.startPaused)
        let app = TUIApp(
            workbench: workbench, width: terminal.size.columns, height: terminal.size.rows,
            theme: configuration.theme, prefix: configuration.prefix, generateCount: configuration.generateCount,
            savePath: configuration.savePath, comparePath: configuration.comparePath, runCommand: runCommand)
        let status = loop(app, terminal: terminal)
        workbench.session.stop()
        workbench.session.waitUntilIdle()
        return status
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

            // With a frame pending, wait only until it is due (but at most a polling
            // interval, so snapshots are read 25 times a second); else a whole interval.
            let due = (userPending ? frameInterval : progressFrameInterval) - (clock.now - lastFrame)
            let remaining = app.needsDisplay ? min(frameInterval, due) : frameInterval
            let wait = max(0, Int((remaining.seconds * 1000).rounded(.up)))
            var typed = false
            if let key = terminal.readKey(timeoutMilliseconds: wait) {
                typed = true
                userPending = true
                handle(key, app, terminal: terminal)
                for _ in 1..<keysPerTurn {
                    guard !app.state.quitting, let more = terminal.readKey(timeoutMilliseconds: 0) else { break }
                    handle(more, app, terminal: terminal)
                }
            }
            app.poll()
            if app.wantsFullRepaint {
                app.wantsFullRepaint = false
                terminal.forceRedraw()
            }
            let interval = userPending ? frameInterval : progressFrameInterval
            guard app.needsDisplay, typed || clock.now - lastFrame >= interval else { continue }
            lastFrame = clock.now
            userPending = false
            draw(app, terminal: terminal, clock: clock)
            app.didDisplay()
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
