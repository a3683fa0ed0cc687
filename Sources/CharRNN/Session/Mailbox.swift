#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A queue any thread posts to and one thread takes from, with a file
/// descriptor that is readable exactly while the queue is not empty.
///
/// The descriptor lets a loop wait for several sources in one `poll` — keys,
/// signals, a session's events — with no timer. Posting never blocks.
public final class Mailbox<Item: Sendable>: @unchecked Sendable {
    private struct Queue {
        var items: [Item] = []
        var coalescedPending = false
    }

    private let queue = Mutex(Queue())
    /// [read end, write end] of a pipe holding one byte while items are waiting.
    private let ends: [Int32]

    public init() {
        var fds: [Int32] = [-1, -1]
        // Not reachable from input: pipe(2) fails only when the process is out of descriptors, at the
        // start of a session, before anything is trained, so no work can be lost.
        guard pipe(&fds) == 0 else { fatalError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        ends = fds
    }

    deinit {
        close(ends[0])
        close(ends[1])
    }

    /// Readable while items are waiting to be taken.
    public var descriptor: Int32 { ends[0] }

    public func post(_ item: Item) { append(item, coalesced: false) }

    /// Posts `item` unless an item posted this way is still waiting: for
    /// "something changed" notices, which say nothing more when repeated.
    public func postUnlessPending(_ item: Item) { append(item, coalesced: true) }

    private func append(_ item: Item, coalesced: Bool) {
        queue.withLock { q in
            if coalesced {
                guard !q.coalescedPending else { return }
                q.coalescedPending = true
            }
            // The byte goes in under the lock, so it is there exactly while the queue is not empty.
            if q.items.isEmpty {
                var byte: UInt8 = 1
                _ = write(ends[1], &byte, 1)
            }
            q.items.append(item)
        }
    }

    /// Every waiting item, oldest first (empty when there is none); never blocks.
    public func take() -> [Item] {
        queue.withLock { q in
            guard !q.items.isEmpty else { return [] }
            var byte: UInt8 = 0
            _ = read(ends[0], &byte, 1)
            defer {
                q.items.removeAll()
                q.coalescedPending = false
            }
            return q.items
        }
    }

    /// Blocks until items are waiting or one of `others` is readable (no
    /// timeout); returns those of `others` that are.
    @discardableResult
    public func wait(alsoOn others: [Int32] = []) -> [Int32] {
        var fds = ([descriptor] + others).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while poll(&fds, nfds_t(fds.count), -1) < 0 && errno == EINTR {}
        return fds.dropFirst().filter { $0.revents != 0 }.map(\.fd)
    }
}
