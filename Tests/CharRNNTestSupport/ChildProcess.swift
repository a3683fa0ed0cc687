import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running `charrnn` (or other program) that a test can feed, watch, signal
/// and reap: output is collected while it runs, and `wait` reports the exit
/// status or the signal and the child's own peak memory (`wait4`).
///
/// The one way the tests start a program other than tmux: `run` for a run
/// that is simply awaited, `init` to interrupt, stop, kill or measure it.
/// Every child starts in the pinned `TestEnvironment`, with no signal blocked.
public final class ChildProcess: @unchecked Sendable {
    public struct Result: Sendable, CustomStringConvertible {
        /// The exit status, or nil when a signal ended the process.
        public var status: Int32?
        /// The signal that ended the process, if one did.
        public var signal: Int32?
        /// Whether `wait` had to kill it when its time was up.
        public var timedOut: Bool
        /// `ru_maxrss` from `wait4`, in KiB. On Linux it is at least the test
        /// process's own peak, which the child inherits at spawn; see `peakKiB`.
        public var maxRSSKiB: Int
        /// The child's own peak resident set size (`VmHWM` of its address space
        /// after exec), sampled every millisecond while it ran (the address
        /// space is gone once it exits, so the last millisecond is not seen);
        /// nil where `/proc` is not available.
        public var peakKiB: Int?
        public var stdout: String
        public var stderr: String
        /// From `start` to the end of `wait`.
        public var seconds: Double

        /// `exit 1`, `signal 9` or `killed after the timeout`, and the standard error.
        public var description: String {
            let end = timedOut ? "killed after the timeout" : status.map { "exit \($0)" } ?? "signal \(signal ?? 0)"
            return "\(end); stderr: \(stderr)"
        }
    }

    /// What the child reads on standard input.
    public enum Input: Sendable {
        case null
        case file(String)
        /// Written from a thread of its own, in pieces (see `inputBytesWritten`), then closed.
        case data(Data)
        /// A pipe the test writes to (`writeInput`) and closes (`closeInput`).
        case pipe
    }

    public let pid: pid_t
    private let started = ContinuousClock.now
    private let output = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))
    private let readersDone = DispatchGroup()
    private let inputFD = Mutex<Int32>(-1)
    private let memory = Mutex<(peakKiB: Int?, done: Bool)>((nil, false))
    private let written = Atomic<Int>(0)
    private var result: Result?

    /// Starts `executable arguments…` (by default the built `charrnn`) in
    /// `directory` (default: the test's own), in the pinned `TestEnvironment`
    /// plus `environment`; give absolute paths.
    public init(_ arguments: [String], executable: URL = charrnn, input: Input = .null,
                environment: [String: String?] = [:], directory: URL? = nil) throws {
        // A child that stops reading its input must not kill the test with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory { try Self.changeDirectory(&actions, to: directory.path) }
        let outPipe = try Self.makePipe(), errPipe = try Self.makePipe()
        var inPipe: (read: Int32, write: Int32)?
        switch input {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .file(let path):
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .data, .pipe:
            let p = try Self.makePipe()
            inPipe = p
            posix_spawn_file_actions_adddup2(&actions, p.read, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe.write, 2)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = TestEnvironment.cStrings(environment)
        defer { for p in argv + envp { free(p) } }
        // The test runner may block or ignore signals; the child starts with
        // none blocked and every signal at its default action.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        close(outPipe.write)
        close(errPipe.write)
        if let inPipe { close(inPipe.read) }
        guard rc == 0 else {
            close(outPipe.read)
            close(errPipe.read)
            if let inPipe { close(inPipe.write) }
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO)
        }
        pid = child
        watchMemory(name: executable.lastPathComponent)
        collect(outPipe.read, stdout: true)
        collect(errPipe.read, stdout: false)
        if let inPipe {
            inputFD.withLock { $0 = inPipe.write }
            if case .data(let data) = input {
                let thread = Thread { [self] in
                    writeInput(data)
                    closeInput()
                }
                thread.start()
            }
        }
    }

    /// Writes to the child's standard input (`.pipe` or `.data` input) in
    /// pieces of at most 4 KiB, counting them in `inputBytesWritten`; stops
    /// quietly if the child has closed it.
    public func writeInput(_ data: Data) {
        let fd = inputFD.withLock { $0 }
        guard fd >= 0 else { return }
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, min(4096, raw.count - offset))
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
                written.add(n, ordering: .relaxed)
            }
        }
    }

    /// How many bytes of input have gone into the pipe so far. The child has
    /// read all but what the pipe still holds (`pendingInput`), at most 64 KiB.
    public var inputBytesWritten: Int { written.load(ordering: .relaxed) }

    /// The bytes written to the input pipe that the child has not read yet;
    /// nil once the pipe is closed.
    public var pendingInput: Int? {
        inputFD.withLock { fd -> Int? in
            guard fd >= 0 else { return nil }
            var count: Int32 = 0
            return ioctl(fd, UInt(FIONREAD), &count) == 0 ? Int(count) : nil
        }
    }

    public func closeInput() {
        let fd = inputFD.withLock { fd in
            defer { fd = -1 }
            return fd
        }
        if fd >= 0 { close(fd) }
    }

    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// What the child has written so far.
    public var stdoutText: String { String(decoding: output.withLock { $0.stdout }, as: UTF8.self) }
    public var stderrText: String { String(decoding: output.withLock { $0.stderr }, as: UTF8.self) }

    /// Waits until `condition(stdout, stderr)` holds, checking every
    /// millisecond; false if it does not within `timeout` seconds.
    @discardableResult
    public func waitFor(timeout: Double = 60, _ condition: (String, String) -> Bool) -> Bool {
        Self.poll(timeout: timeout) { condition(stdoutText, stderrText) }
    }

    /// Checks `condition` every millisecond until it holds; false if it does
    /// not within `timeout` seconds.
    public static func poll(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    /// Waits for the child to end (killing it after `timeout` seconds) and reaps it.
    public func wait(timeout: Double = 120) -> Result {
        if let result { return result }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if ContinuousClock.now > deadline {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(1000)
        }
        closeInput()
        readersDone.wait()
        let (out, err) = output.withLock { ($0.stdout, $0.stderr) }
        let signalled = status & 0x7F
        memory.withLock { $0.done = true }
        let r = Result(
            status: signalled == 0 ? (status >> 8) & 0xFF : nil, signal: signalled == 0 ? nil : signalled, timedOut: timedOut,
            maxRSSKiB: Int(usage.ru_maxrss), peakKiB: memory.withLock { $0.peakKiB }, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self), seconds: (ContinuousClock.now - started).inSeconds)
        result = r
        return r
    }

    /// Samples the child's `VmHWM` every millisecond until it has exited.
    private func watchMemory(name: String) {
        let expected = String(name.prefix(15))
        let thread = Thread { [self] in
            while !memory.withLock({ $0.done }) {
                sampleMemory(expectedName: expected)
                usleep(1000)
            }
        }
        thread.start()
    }

    /// Reads `VmHWM` once; only after exec (the name is the program's), since
    /// until then the child shares the test process's address space.
    private func sampleMemory(expectedName: String) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return }
        var name = "", hwm: Int?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Name:") { name = line.dropFirst(5).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("VmHWM:") { hwm = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) }
        }
        guard name == expectedName, let hwm else { return }
        memory.withLock { $0.peakKiB = max($0.peakKiB ?? 0, hwm) }
    }

    private func collect(_ fd: Int32, stdout: Bool) {
        readersDone.enter()
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                output.withLock { if stdout { $0.stdout.append(contentsOf: buffer[..<n]) } else { $0.stderr.append(contentsOf: buffer[..<n]) } }
            }
            close(fd)
            readersDone.leave()
        }
        thread.start()
    }

    /// Makes the child start in `path` (glibc's `posix_spawn_file_actions_addchdir_np`,
    /// which its Swift module does not declare, so it is looked up).
    private static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, to path: String) throws {
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            throw POSIXError(.ENOSYS)
        }
        let rc = unsafeBitCast(symbol, to: AddChdir.self)(&actions, path)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
    }

    /// A pipe whose ends are closed on exec, so no other child inherits them.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        // pipe2 sets close-on-exec atomically, before another thread can spawn
        // a child; Glibc's module does not declare it, so it is looked up.
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") {
            typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
            guard unsafeBitCast(symbol, to: Pipe2.self)(&fds, O_CLOEXEC) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            return (fds[0], fds[1])
        }
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }
}

extension Duration {
    var inSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
