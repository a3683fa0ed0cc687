#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import TerminalKit

extension TerminalStateTests {
    /// Drives `InteractiveLineReader` through a pseudo-terminal.
    ///
    /// The terminal is put in raw mode before the test types, so the bytes reach
    /// the reader exactly as a terminal in raw mode would deliver them.
    @Suite struct InteractiveLineReaderTests {
        private final class Session {
            let pty: PseudoTerminal
            let reader: InteractiveLineReader
            let setup: RawMode
            let original: [UInt8]

            init(history: [String] = []) throws {
                pty = try PseudoTerminal(columns: 30, rows: 5)
                original = pty.settings()
                setup = RawMode(fileDescriptor: pty.terminal)
                setup.enable()
                reader = InteractiveLineReader(history: history, input: pty.terminal, output: pty.terminal)
            }

            deinit {
                setup.disable()
            }
        }

        @Test func readsAnEditedLineAndRedrawsInPlace() throws {
            let session = try Session()
            #expect(session.reader.isInteractive)
            session.pty.send("helo\u{1B}[Dl\r")
            #expect(session.reader.readLine(prompt: "> ") == "hello")
            let screen = session.pty.output { $0.hasSuffix("\r> hello\u{1B}[K\r\r\n") }
            #expect(screen.hasPrefix("\r> \u{1B}[K\r\u{1B}[2C"))
            // Keys that arrive together are drawn once; the finished line stays.
            #expect(screen.hasSuffix("\r> hello\u{1B}[K\r\r\n"))  // the terminal adds \r to \n
        }

        @Test func keepsTypeAheadForTheNextLine() throws {
            let session = try Session()
            session.pty.send("one\rtwo\r")
            #expect(session.reader.readLine(prompt: "> ") == "one")
            #expect(session.reader.readLine(prompt: "> ") == "two")
            #expect(session.reader.editor.history.entries == ["one", "two"])
        }

        @Test func historyAndSearchWork() throws {
            let session = try Session(history: ["train --steps 5", "sample"])
            session.pty.send("\u{1B}[A\u{1B}[A\r")
            #expect(session.reader.readLine(prompt: "> ") == "train --steps 5")
            _ = session.pty.output { $0.hasSuffix("\r> train --steps 5\u{1B}[K\r\r\n") }
            session.pty.send("\u{12}")
            session.pty.send("sam")
            session.pty.send("\r")
            #expect(session.reader.readLine(prompt: "> ") == "sample")
            #expect(session.pty.output { $0.hasSuffix("\r> sample\u{1B}[K\r\r\n") }.hasSuffix("\r> sample\u{1B}[K\r\r\n"))
        }

        @Test func controlCStartsOverAndControlDEndsInput() throws {
            let session = try Session()
            session.pty.send("junk\u{03}ok\r\u{04}")
            #expect(session.reader.readLine(prompt: "> ") == "ok")
            // The discarded line stays visible, marked with ^C.
            #expect(session.pty.output { $0.contains("\r> junk\u{1B}[K\r\u{1B}[6C^C\r\r\n") }.contains("\r> junk\u{1B}[K\r\u{1B}[6C^C\r\r\n"))
            #expect(session.reader.readLine(prompt: "> ") == nil)
        }

        @Test func terminalSettingsAreRestoredAfterEachLine() throws {
            let session = try Session()
            session.setup.disable()
            let cooked = session.pty.settings()
            // Typed while cooked, "x\n" is already a complete line when the reader starts.
            session.pty.send("x\n")
            #expect(session.reader.readLine(prompt: "") == "x")
            #expect(session.pty.settings() == cooked)
            #expect(cooked == session.original)
        }

        @Test func pipesAreNotInteractive() {
            var fds: [Int32] = [0, 0]
            pipe(&fds)
            defer { close(fds[0]); close(fds[1]) }
            #expect(!InteractiveLineReader(input: fds[0], output: fds[1]).isInteractive)
        }
    }
}
