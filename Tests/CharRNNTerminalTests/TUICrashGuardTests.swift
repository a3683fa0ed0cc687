#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CharRNNTerminal
import Testing

/// What is written to standard error while the TUI owns the screen reaches it
/// once the screen is given back.
@Suite(.serialized) struct TUICrashGuardTests {
    @Test func standardErrorIsHeldWhileArmedAndWrittenOnDisarm() throws {
        var pipe: [Int32] = [0, 0]
        #expect(Glibc.pipe(&pipe) == 0)
        let original = dup(STDERR_FILENO)
        dup2(pipe[1], STDERR_FILENO)
        defer {
            dup2(original, STDERR_FILENO)
            close(original)
            close(pipe[0])
            close(pipe[1])
        }
        _ = fcntl(pipe[0], F_SETFL, O_NONBLOCK)

        CrashGuard.arm()
        let message = Array("Fatal error: something broke\n".utf8)
        _ = message.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        var buffer = [UInt8](repeating: 0, count: 256)
        #expect(read(pipe[0], &buffer, buffer.count) == -1, "nothing reaches the screen while armed")

        CrashGuard.disarm()
        let count = read(pipe[0], &buffer, buffer.count)
        #expect(count == message.count)
        #expect(Array(buffer.prefix(max(0, count))) == message)
        CrashGuard.disarm()
        #expect(read(pipe[0], &buffer, buffer.count) == -1, "disarming twice writes nothing more")
    }
}
