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

        // Other tests in this process may write to standard error meanwhile, so
        // the checks look for this test's message rather than for silence.
        func drain() -> String {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(pipe[0], &buffer, buffer.count)
                if n <= 0 { break }
                bytes += buffer.prefix(n)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        let message = "Fatal error: something broke \(UInt32.random(in: 0...UInt32.max))\n"

        CrashGuard.arm()
        _ = Array(message.utf8).withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        #expect(!drain().contains(message), "nothing reaches the screen while armed")

        CrashGuard.disarm()
        #expect(drain().components(separatedBy: message).count - 1 == 1, "the held message is written once on disarm")
        CrashGuard.disarm()
        #expect(!drain().contains(message), "disarming twice writes nothing more")
    }
}
