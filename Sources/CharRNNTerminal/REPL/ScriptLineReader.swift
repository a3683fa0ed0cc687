#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TerminalKit

/// Lines of a script on a descriptor (standard input from a pipe or a file),
/// read so that a termination signal ends the wait for the next line.
///
/// Waits in `poll` on the descriptor and `SignalWatcher.descriptor` together,
/// as `InteractiveLineReader` does at a prompt: a script whose writer stalls
/// still honours Ctrl-C, SIGTERM and SIGHUP. Bytes are split at `\n`, with a
/// trailing `\r` kept (as `Swift.readLine` keeps it); invalid UTF-8 is repaired.
public final class ScriptLineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var atEnd = false

    public init(descriptor: Int32 = STDIN_FILENO) {
        fd = descriptor
    }

    /// The next line without its newline; nil at the end of input, on a read
    /// error, or while a termination signal is pending (the caller handles it).
    public func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                defer { buffer.removeSubrange(...newline) }
                return String(decoding: buffer[..<newline], as: UTF8.self)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            guard SignalWatcher.peekSignals().isDisjoint(with: .termination) else { return nil }
            guard InputWait.readable([fd, SignalWatcher.descriptor]).contains(fd) else { continue }
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 {
                atEnd = true
            } else {
                buffer += chunk[..<n]
            }
        }
    }
}
