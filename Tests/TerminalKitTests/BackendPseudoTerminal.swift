#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pseudo-terminal for tests: the code under test uses `terminal` as its
/// TTY; the test plays the user and the screen through `controller`.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let controller: Int32
    let terminal: Int32

    init(columns: Int = 40, rows: Int = 12) throws {
        // posix_openpt and friends are hidden by the C library's feature macros
        // as Swift imports it, so this uses the Linux ioctls they are built on.
        let unlock: UInt = 0x4004_5431  // TIOCSPTLCK
        let number: UInt = 0x8004_5430  // TIOCGPTN
        controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var locked: Int32 = 0
        var index: UInt32 = 0
        guard controller >= 0, ioctl(controller, unlock, &locked) == 0, ioctl(controller, number, &index) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal")
        }
        terminal = open("/dev/pts/\(index)", O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw Failure(description: "cannot open /dev/pts/\(index)") }
        resize(columns: columns, rows: rows)
    }

    deinit {
        close(terminal)
        close(controller)
    }

    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(controller, UInt(TIOCSWINSZ), &size)
    }

    /// Types `text` as the user would.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    /// What the program wrote to the screen since the last call, waiting until
    /// nothing more arrives for `quietMilliseconds`.
    func output(quietMilliseconds: Int32 = 50) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, quietMilliseconds) > 0 else { break }
            let count = chunk.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The terminal's settings, as bytes, to compare before and after.
    func settings() -> [UInt8] {
        var current = termios()
        _ = tcgetattr(terminal, &current)
        return withUnsafeBytes(of: &current) { Array($0) }
    }
}
