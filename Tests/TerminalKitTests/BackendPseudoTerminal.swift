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

    /// What the program wrote to the screen since the last call, read until
    /// `done` holds for it, then until nothing more arrives for 50 ms (which
    /// only collects trailing bytes). After 10 s without `done` it returns
    /// what came, for the caller's expectation to fail on.
    func output(until done: (String) -> Bool) -> String {
        var bytes: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(10)
        while !done(String(decoding: bytes, as: UTF8.self)) && ContinuousClock.now < deadline {
            bytes += available(waitingMilliseconds: 100)
        }
        while true {
            let more = available(waitingMilliseconds: 50)
            if more.isEmpty { break }
            bytes += more
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Discards what the program wrote so far (whatever arrives within 50 ms).
    func drain() {
        _ = output { _ in true }
    }

    /// The bytes available within `waitingMilliseconds`; empty if none came.
    private func available(waitingMilliseconds: Int32) -> [UInt8] {
        var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, waitingMilliseconds) > 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
        return count > 0 ? Array(chunk[0..<count]) : []
    }

    /// The terminal's settings, as bytes, to compare before and after.
    func settings() -> [UInt8] {
        var current = termios()
        _ = tcgetattr(terminal, &current)
        return withUnsafeBytes(of: &current) { Array($0) }
    }
}
