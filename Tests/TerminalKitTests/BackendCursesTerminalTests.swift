#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import TerminalKit

extension TerminalStateTests {
    /// Runs the real ncurses backend on a pseudo-terminal as xterm-256color.
    @Suite struct CursesTerminalTests {
        private func open(_ pty: PseudoTerminal, theme: Theme = .full) throws -> CursesTerminal {
            try CursesTerminal(theme: theme, input: pty.terminal, output: pty.terminal, terminalType: "xterm-256color", locale: "C.UTF-8")
        }

        @Test func opensDrawsAndRestoresTheTerminal() throws {
            let pty = try PseudoTerminal(columns: 40, rows: 12)
            let original = pty.settings()
            let terminal = try open(pty)
            #expect(terminal.size == TerminalSize(columns: 40, rows: 12))
            #expect(terminal.supports256Colors)
            #expect(terminal.colorSupport.defaultColors)
            #expect(pty.settings() != original)

            var frame = Buffer(width: 40, height: 12)
            frame.write("hello curses", x: 3, y: 2, style: Style(foreground: .cube(5, 1, 0), bold: true))
            terminal.draw(frame)
            let first = pty.output { $0.contains("hello curses") }
            #expect(first.contains("\u{1B}[?1049h"))  // alternate screen
            #expect(first.contains("hello curses"))
            #expect(first.contains("38;5;202"))  // the cube colour (5, 1, 0)
            #expect(terminal.lastDrawCellCount == 40 * 12)

            frame.set(9, 2, "C")
            terminal.draw(frame)
            #expect(terminal.lastDrawCellCount == 1)
            #expect(pty.output { $0.contains("C") }.contains("C"))

            terminal.draw(frame)
            #expect(terminal.lastDrawCellCount == 0)

            terminal.forceRedraw()
            terminal.draw(frame)
            #expect(terminal.lastDrawCellCount == 40 * 12)
            let repaint = pty.output { $0.contains("\u{1B}[H\u{1B}[2J") && $0.contains("urses") }
            #expect(repaint.contains("\u{1B}[H\u{1B}[2J"))  // cleared, then written again
            #expect(repaint.contains("hello ") && repaint.contains("urses"))

            terminal.restore()
            #expect(pty.output { $0.contains("\u{1B}[?1049l") }.contains("\u{1B}[?1049l"))
            #expect(pty.settings() == original)
            terminal.restore()
            terminal.draw(frame)
            #expect(terminal.readKey(timeoutMilliseconds: 0) == nil)
            #expect(pty.settings() == original)
        }

        @Test func onlyOneSessionAtATime() throws {
            let pty = try PseudoTerminal()
            let terminal = try open(pty)
            #expect(throws: CursesTerminalError.alreadyActive) { try open(pty) }
            terminal.restore()
            let again = try open(pty)
            again.restore()
        }

        @Test func refusesSomethingThatIsNotATerminal() throws {
            var fds: [Int32] = [0, 0]
            pipe(&fds)
            defer { close(fds[0]); close(fds[1]) }
            #expect(throws: CursesTerminalError.notATerminal) {
                try CursesTerminal(theme: .full, input: fds[0], output: fds[1], terminalType: "xterm", locale: "C.UTF-8")
            }
        }

        @Test func decodesKeysFromTheTerminal() throws {
            let pty = try PseudoTerminal()
            let terminal = try open(pty)
            defer { terminal.restore() }
            terminal.draw(Buffer(width: 40, height: 12))
            pty.drain()
            let cases: [(String, Key)] = [
                ("x", .character("x")), ("é", .character("é")), ("\u{1B}OA", .up), ("\u{1B}OD", .left),
                ("\u{1B}[1;5C", .right), ("\u{1B}OH", .home), ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete),
                ("\u{1B}OP", .function(1)), ("\u{1B}[24~", .function(12)), ("\u{1B}[Z", .backTab),
                ("\u{7F}", .backspace), ("\r", .enter), ("\t", .tab), ("\u{01}", .control("a")),
                ("\u{0C}", .control("l")),
            ]
            for (bytes, expected) in cases {
                pty.send(bytes)
                #expect(terminal.readKey(timeoutMilliseconds: 10_000) == expected, "bytes \(Array(bytes.utf8))")
            }
            #expect(terminal.readKey(timeoutMilliseconds: 20) == nil)
            pty.send("\u{1B}")
            #expect(terminal.readKey(timeoutMilliseconds: 10_000) == .escape)
        }

        @Test func resizeIsReportedOnceAfterTheSizeIsUpdated() throws {
            let pty = try PseudoTerminal(columns: 40, rows: 12)
            let terminal = try open(pty)
            defer { terminal.restore() }
            terminal.draw(Buffer(width: 40, height: 12))
            #expect(!terminal.updateSize())
            pty.resize(columns: 60, rows: 20)
            #expect(terminal.updateSize())
            #expect(terminal.size == TerminalSize(columns: 60, rows: 20))
            #expect(terminal.readKey(timeoutMilliseconds: 0) == .resize)
            #expect(terminal.readKey(timeoutMilliseconds: 50) == nil)
            var frame = Buffer(width: 60, height: 20)
            frame.write("bottom", x: 54, y: 19)
            terminal.draw(frame)
            #expect(terminal.lastDrawCellCount == 60 * 20)
            // ncurses writes the bottom-right cell with auto-margins off, after "botto".
            #expect(pty.output { $0.contains("botto") }.contains("botto"))
        }

        @Test func noColorThemeDrawsWithoutColours() throws {
            let pty = try PseudoTerminal()
            let terminal = try open(pty, theme: Theme(color: false))
            defer { terminal.restore() }
            #expect(terminal.colorSupport == .none)
            var frame = Buffer(width: 40, height: 12)
            frame.write("plain", x: 0, y: 0, style: Style(foreground: .red, background: .blue, reverse: true))
            terminal.draw(frame)
            let output = pty.output { $0.contains("plain") }
            #expect(output.contains("plain"))
            #expect(!output.contains("[31m") && !output.contains("[44m") && !output.contains("38;5"))
            #expect(output.contains("\u{1B}[7m") || output.contains(";7m"))
        }
    }
}
