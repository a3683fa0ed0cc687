import CharRNN
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written with `write(2)` so that a
/// closed reader never ends the program.
///
/// SIGPIPE is ignored (`ignoreBrokenPipes`), so writing to a pipe whose reader
/// is gone fails with EPIPE instead of killing the process; the first failed
/// write marks the stream broken and later writes to it are dropped. A run
/// piped into `head` therefore trains on and saves as if nothing happened.
public enum StandardStreams {
    private static let brokenBits = Atomic<UInt8>(0)

    /// Makes a broken pipe an error of the write, not a signal. Call first thing.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of `text` to `fd` (1 or 2) unless that stream is broken; false when it is (now or before).
    @discardableResult
    public static func write(_ text: String, to fd: Int32) -> Bool {
        guard !isBroken(fd) else { return false }
        let bit = UInt8(1) << UInt8(fd & 7)
        var text = text
        let ok = text.withUTF8 { DescriptorWrite.all(UnsafeRawBufferPointer($0), to: fd) } == nil
        if !ok { brokenBits.bitwiseOr(bit, ordering: .relaxed) }
        return ok
    }

    /// Whether a write to standard output or standard error has failed.
    public static var anyBroken: Bool { isBroken(STDOUT_FILENO) || isBroken(STDERR_FILENO) }

    /// Whether a write to `fd` (1 or 2) has failed.
    public static func isBroken(_ fd: Int32) -> Bool { brokenBits.load(ordering: .relaxed) & (UInt8(1) << UInt8(fd & 7)) != 0 }
}

/// Writes to standard error without buffering; nothing once it is broken.
public func writeStderr(_ s: String) {
    StandardStreams.write(s, to: STDERR_FILENO)
}

/// Writes to standard output without buffering; nothing once it is broken.
public func writeStdout(_ s: String) {
    StandardStreams.write(s, to: STDOUT_FILENO)
}
