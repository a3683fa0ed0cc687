#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import Synchronization

/// A terminal's size in cells.
public struct TerminalSize: Hashable, Sendable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

/// Why a `CursesTerminal` could not start.
public enum CursesTerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// Another `CursesTerminal` is still open (ncurses has one screen at a time).
    case alreadyActive
    /// ncurses does not know the terminal type (`TERM`).
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal: return "standard input and output must be a terminal"
        case .alreadyActive: return "the terminal is already in use"
        case .unknownTerminal(let type): return "unknown terminal type \"\(type)\""
        }
    }
}

/// One true while a `CursesTerminal` is open.
private let cursesSessionOpen = Atomic<Bool>(false)

/// The ncurses session: the only code in the program that talks to ncurses.
///
/// Lifecycle: `init` puts the terminal into curses mode (alternate screen,
/// no echo, keys unbuffered, cursor hidden); `suspend()`/`resume()` leave and
/// re-enter it around a job-control stop; `restore()` leaves it for good and
/// is idempotent. A restore action is registered with `TerminalRestoration`
/// while the session is open, so any exit path returns the terminal to the
/// mode it had before.
///
/// Invariants: at most one instance is open at a time; `previousFrame` is the
/// frame ncurses' virtual screen holds, or nil when the next draw must write
/// every cell (first frame, size change, resume, `forceRedraw()`).
public final class CursesTerminal {
    /// What the program asked for: colour is only used if the theme allows it.
    public let theme: Theme
    /// The current size, updated on resize before `.resize` is returned.
    public internal(set) var size: TerminalSize
    /// What the terminal offers for colour (`colors == 0` when colour is off).
    public let colorSupport: ColorSupport
    /// Whether the terminal has the 256 xterm colours.
    var supports256Colors: Bool { colorSupport.colors >= 256 }
    /// Where to show the text cursor after the next draw; nil hides it.
    public var cursorPosition: (x: Int, y: Int)?
    /// Whether the session is open (false once `restore()` has run).
    public private(set) var isOpen = true

    let outputDescriptor: Int32
    /// The terminal's input: readable when a key is waiting (for `poll` alongside other sources).
    public let inputDescriptor: Int32
    var previousFrame: Buffer?
    var resizePending = false
    var colorPairs: ColorPairCache
    var styleBindings: [Style: StyleBinding] = [:]
    var wideScratch: [Int32] = []
    var currentTimeout: Int32?
    var cursorVisible = false
    /// Cells written by the last `draw`, for tests and measurements.
    var lastDrawCellCount = 0

    private let screen: OpaquePointer
    private let outputFile: UnsafeMutablePointer<FILE>?
    private let inputFile: UnsafeMutablePointer<FILE>?
    private var restoreToken: TerminalRestoration.Token?

    /// Opens the session on standard input and output.
    ///
    /// Calls `setlocale(LC_ALL, "")` first so wide characters work. Unlike
    /// `initscr`, a missing or unknown terminal throws instead of exiting.
    public convenience init(theme: Theme) throws {
        try self.init(theme: theme, input: STDIN_FILENO, output: STDOUT_FILENO, terminalType: nil)
    }

    /// Opens the session on the given terminal descriptors (they stay owned by
    /// the caller); `terminalType` nil means `$TERM`, and `locale` "" the
    /// environment's (`LANG`, `LC_*`).
    init(theme: Theme, input: Int32, output: Int32, terminalType: String?, locale: String = "") throws {
        guard isatty(input) == 1 && isatty(output) == 1 else { throw CursesTerminalError.notATerminal }
        guard !cursesSessionOpen.exchange(true, ordering: .acquiringAndReleasing) else {
            throw CursesTerminalError.alreadyActive
        }
        setlocale(LC_ALL, locale)
        // The size comes from the terminal (ioctl), never from stale LINES/COLUMNS.
        use_env(false)
        use_tioctl(true)
        var outFile: UnsafeMutablePointer<FILE>?
        var inFile: UnsafeMutablePointer<FILE>?
        let opened: OpaquePointer? = {
            guard let terminalType else { return cnc_newterm_fds(nil, output, input, &outFile, &inFile) }
            return cnc_newterm_fds(terminalType, output, input, &outFile, &inFile)
        }()
        guard let opened else {
            cursesSessionOpen.store(false, ordering: .releasing)
            let type = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? ""
            throw CursesTerminalError.unknownTerminal(type)
        }
        screen = opened
        outputFile = outFile
        inputFile = inFile
        outputDescriptor = output
        inputDescriptor = input
        self.theme = theme

        cbreak()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        intrflush(cnc_stdscr(), false)
        curs_set(0)
        set_escdelay(25)

        if theme.color && has_colors() {
            start_color()
            let defaults = use_default_colors() == OK
            colorSupport = ColorSupport(colors: Int(cnc_colors()), defaultColors: defaults)
            colorPairs = ColorPairCache(capacity: Int(max(0, cnc_color_pairs() - 1)))
        } else {
            colorSupport = .none
            colorPairs = ColorPairCache(capacity: 0)
        }
        var rows: Int32 = 0, columns: Int32 = 0
        cnc_getmaxyx(cnc_stdscr(), &rows, &columns)
        size = TerminalSize(columns: Int(columns), rows: Int(rows))
        restoreToken = TerminalRestoration.register { _ = endwin() }
    }

    deinit {
        restore()
    }

    /// Leaves curses mode for good and returns the terminal to its original
    /// mode. Safe to call more than once and from any exit path; afterwards
    /// `draw` and `readKey` do nothing.
    public func restore() {
        guard isOpen else { return }
        isOpen = false
        if let restoreToken { TerminalRestoration.unregister(restoreToken) }
        restoreToken = nil
        curs_set(1)
        endwin()
        delscreen(screen)
        cnc_close_streams(outputFile, inputFile)
        cursesSessionOpen.store(false, ordering: .releasing)
    }

    /// Leaves curses mode and stops the process (as Ctrl-Z would without a
    /// handler); when the process is continued, re-enters curses mode and
    /// repaints everything before returning. Call on `.suspend`.
    public func suspend() {
        guard isOpen else { return }
        if !isendwin() { endwin() }
        SignalWatcher.stopProcess()
        resume()
    }

    /// Re-enters curses mode after a stop and repaints the whole screen,
    /// picking up a size change made while stopped. Call on `.resume`; calling
    /// it when nothing happened only costs a repaint.
    public func resume() {
        guard isOpen else { return }
        if !isendwin() { reset_prog_mode() }
        updateSize()
        clearok(cnc_curscr(), true)
        previousFrame = nil
        wrefresh(cnc_stdscr())
    }

    /// Reads the terminal's size and, if it changed, resizes ncurses' screens
    /// and queues a `.resize` for the next `readKey`. Call on `.windowChange`.
    /// Returns whether the size changed.
    @discardableResult
    public func updateSize() -> Bool {
        guard isOpen else { return false }
        var window = winsize()
        guard ioctl(outputDescriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else {
            return false
        }
        let newSize = TerminalSize(columns: Int(window.ws_col), rows: Int(window.ws_row))
        guard newSize != size else { return false }
        resize_term(Int32(newSize.rows), Int32(newSize.columns))
        clearok(cnc_curscr(), true)
        adoptCursesSize()
        resizePending = true
        return true
    }

    /// Takes the size ncurses now has and schedules a full repaint.
    func adoptCursesSize() {
        var rows: Int32 = 0, columns: Int32 = 0
        cnc_getmaxyx(cnc_stdscr(), &rows, &columns)
        size = TerminalSize(columns: Int(columns), rows: Int(rows))
        previousFrame = nil
    }
}
