#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waiting for input on several descriptors at once (keys, `SignalWatcher`'s
/// wake-up pipe, a session's events), with `poll` and no timer unless a
/// deadline is given.
public enum InputWait {
    /// Blocks until one of `descriptors` is readable (or closed), or until
    /// `timeoutMilliseconds` have passed when given; returns the ready ones,
    /// which is none after the timeout or when a signal interrupted the wait.
    public static func readable(_ descriptors: [Int32], timeoutMilliseconds: Int? = nil) -> [Int32] {
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let timeout = timeoutMilliseconds.map { Int32(clamping: max(0, $0)) } ?? -1
        guard poll(&fds, nfds_t(fds.count), timeout) > 0 else { return [] }
        return fds.filter { $0.revents != 0 }.map(\.fd)
    }
}
