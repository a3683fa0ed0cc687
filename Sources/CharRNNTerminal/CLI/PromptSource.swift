import Foundation
import TerminalKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output, written unbuffered in pieces; remembers whether a line is open.
public final class StandardOutput {
    public private(set) var lineOpen = false

    public init() {}

    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        writeStdout(text)
        lineOpen = !text.hasSuffix("\n")
    }
}

/// Exits with 128 + the signal when SIGINT, SIGTERM or SIGHUP has arrived,
/// ending an open output line first; with 141 (as SIGPIPE would) when standard
/// output is closed, since nothing trained is at stake and no one reads on.
public func exitIfInterrupted(output: StandardOutput? = nil) {
    if StandardStreams.isBroken(STDOUT_FILENO) { Foundation.exit(128 + SIGPIPE) }
    let signals = SignalWatcher.peekSignals().intersection(.termination)
    guard !signals.isEmpty else { return }
    if let output, output.lineOpen { output.write("\n") }
    writeStderr("charrnn: interrupted\n")
    Foundation.exit(signals.exitStatus ?? 130)
}

/// A file or standard input read in fixed-size pieces; waits for input in a
/// way a termination signal interrupts.
public final class PromptSource {
    public static let chunkBytes = 64 << 10
    private let fd: Int32
    private let path: String
    private let owned: Bool
    private var chunk = [UInt8](repeating: 0, count: PromptSource.chunkBytes)

    public init(path: String) throws {
        self.path = path
        if path == "-" {
            fd = STDIN_FILENO
            owned = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw PromptSourceError("cannot read prefix file '\(path)': \(String(cString: strerror(errno)))") }
            owned = true
        }
    }

    public func close() {
        if owned { closeDescriptor(fd) }
    }

    /// The next piece, or nil at the end.
    public func next() throws -> ArraySlice<UInt8>? {
        while true {
            exitIfInterrupted()
            guard InputWait.readable([fd, SignalWatcher.descriptor]).contains(fd) else { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw failure()
            }
            return n == 0 ? nil : chunk[..<n]
        }
    }

    private func failure() -> PromptSourceError {
        PromptSourceError("cannot read \(path == "-" ? "standard input" : "prefix file '\(path)'"): \(String(cString: strerror(errno)))")
    }
}

private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}

/// A prefix file or standard input that cannot be read; one line.
public struct PromptSourceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
