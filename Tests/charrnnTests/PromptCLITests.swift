import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `charrnn sample` with prompts outside the vocabulary and prompts of a megabyte.
@Suite(.serialized) struct PromptCLITests {
    static var asset: URL { Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors") }

    /// About `bytes` bytes of Time Machine words with capitals, punctuation and
    /// multi-byte characters spread through it, including across the reader's
    /// 64 KiB pieces.
    static func bigPrompt(bytes: Int) throws -> String {
        let words = try Fixtures.timeMachineText().split(whereSeparator: \.isWhitespace).map(String.init)
        var g = SeededGenerator(seed: 11)
        var text = ""
        text.reserveCapacity(bytes + 64)
        let odd = ["é", "—", "😀", "Ω", "«", "»"]
        while text.utf8.count < bytes {
            text += words[g.nextIndex(below: words.count)]
            // Put a 2-, 3- or 4-byte character across each 64 KiB boundary.
            let next = (text.utf8.count / 65_536 + 1) * 65_536
            if next - text.utf8.count <= 2, next < bytes { text += odd[g.nextIndex(below: odd.count)] }
            text += g.nextIndex(below: 50) == 0 ? odd[g.nextIndex(below: odd.count)] : " "
        }
        return text
    }

    /// The greedy continuation the engine computes in-process for `text`.
    static func expectedContinuation(_ text: String, count: Int) throws -> (String, EncodedPrompt) {
        let ck = try Checkpoint.read(from: asset)
        let encoded = ck.vocabulary.encode(text)
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary)
        sampler.feed(encoded.ids)
        return (ck.vocabulary.decode(sampler.generate(count)), encoded)
    }

    @Test func aMegabytePromptFromAFileOrStandardInputStreamsWithBoundedMemory() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Self.bigPrompt(bytes: 1 << 20)
        let file = dir.appendingPathComponent("prompt.txt")
        try Data(text.utf8).write(to: file)
        let (expected, encoded) = try Self.expectedContinuation(text, count: 60)
        let args = ["sample", "--checkpoint", Self.asset.path, "--length", "60", "--greedy"]

        let tiny = ChildProcessRun(try ChildProcess(args + ["--prefix", "it has"]))
        let fromFile = ChildProcessRun(try ChildProcess(args + ["--prefix-file", file.path]))
        let fromPipe = ChildProcessRun(try ChildProcess(args + ["--prefix-file", "-"], input: .data(Data(text.utf8))))
        let fromRedirect = ChildProcessRun(try ChildProcess(args + ["--prefix-file", "-"], input: .file(file.path)))
        for run in [fromFile, fromPipe, fromRedirect] {
            #expect(run.result.status == 0, "\(run.result.stderr)")
            // Only the continuation is printed, and it is what the engine gives for the whole prompt.
            #expect(run.result.stdout == expected + "\n")
            #expect(run.result.stderr == "note: \(encoded.unknownReport()!)\n")
        }
        // The prompt is never held whole: a megabyte costs the process next to nothing.
        let peak = try #require([fromFile, fromPipe, fromRedirect].compactMap(\.result.peakKiB).max())
        let tinyPeak = try #require(tiny.result.peakKiB)
        #expect(peak < 200 * 1024)
        #expect(peak - tinyPeak < 8 * 1024, "peak \(peak) KiB, tiny prompt \(tinyPeak) KiB")
        print("[reliability] 1 MiB prompt (\(encoded.ids.count) characters, \(encoded.unknown.count) unknown): "
            + String(format: "file %.2f s, pipe %.2f s, tiny prompt %.2f s; ", fromFile.result.seconds, fromPipe.result.seconds, tiny.result.seconds)
            + "peak RSS \(peak) KiB (tiny prompt \(tinyPeak) KiB)")
    }

    @Test func unknownCharactersAreReportedWithTheirPositions() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = ["Hello, World!", "the time machine", "été — 😀 ok", "a\tb\nc", String(repeating: "A.b", count: 30)]
        for prompt in cases {
            let (expected, encoded) = try Self.expectedContinuation(prompt, count: 15)
            let r = try ChildProcess.run(["sample", "--checkpoint", Self.asset.path, "--prefix", prompt, "--length", "15", "--greedy"])
            #expect(r.status == 0)
            #expect(r.stdout == prompt + expected + "\n")
            #expect(r.stderr == (encoded.unknownReport().map { "note: \($0)\n" } ?? ""), "\(prompt.debugDescription): \(r.stderr)")
        }
        let r = try ChildProcess.run(["sample", "--checkpoint", Self.asset.path, "--prefix", "Hi, é😀!", "--length", "3"])
        #expect(r.stderr == "note: 5 characters not in the vocabulary became <unk>: \"H\" at 0, \",\" at 2, \"é\" at 4, \"😀\" at 5, \"!\" at 6\n")
        let many = try ChildProcess.run(["sample", "--checkpoint", Self.asset.path, "--prefix", String(repeating: "X", count: 25), "--length", "3"])
        #expect(many.stderr.hasPrefix("note: 25 characters not in the vocabulary became <unk>: \"X\" at 0, \"X\" at 1,"))
        #expect(many.stderr.hasSuffix("\"X\" at 9 and 15 more\n"))
        // Bytes that are not UTF-8 are read as U+FFFD and said so; an empty or missing file is an error.
        let notUTF8 = dir.appendingPathComponent("bin.txt"), empty = dir.appendingPathComponent("empty.txt")
        try Data([0x69, 0x74, 0x20, 0xFF, 0x68, 0x61, 0x73, 0xE2, 0x82]).write(to: notUTF8)
        try Data().write(to: empty)
        let bin = try ChildProcess.run(["sample", "--checkpoint", Self.asset.path, "--prefix-file", notUTF8.path, "--length", "3"])
        #expect(bin.status == 0)
        #expect(bin.stderr.contains("\"\u{FFFD}\" at 3, \"\u{FFFD}\" at 7") && bin.stderr.contains("2 byte sequences were not UTF-8"), "\(bin.stderr)")
        for (path, needle) in [(empty.path, "is empty"), (dir.appendingPathComponent("none.txt").path, "No such file"), (dir.path, "cannot read")] {
            let e = try ChildProcess.run(["sample", "--checkpoint", Self.asset.path, "--prefix-file", path])
            #expect(e.status == 1 && e.stderr.contains(needle) && e.stderr.split(separator: "\n").count == 1, "\(path): \(e.stderr)")
        }
        let emptyStdin = try ChildProcess.run(["sample", "--checkpoint", Self.asset.path, "--prefix-file", "-"])
        #expect(emptyStdin.status == 1 && emptyStdin.stderr.contains("the prefix on standard input is empty"))
    }

    /// Ctrl-C (or SIGTERM) during a long warm-up, or while waiting for input,
    /// ends the process at once with status 130 (143) and no backtrace.
    ///
    /// The prompt comes through a pipe, so how far the child got is seen
    /// without a clock: when the signal goes it has read a megabyte (so it is
    /// warming up, its handlers long installed), and afterwards it reads
    /// nothing more — the writer gets at most the pipe's 64 KiB further.
    @Test func interruptingAWarmUpExitsPromptlyWith130() throws {
        let prompt = Data(try Self.bigPrompt(bytes: 3 << 20).utf8)
        let args = ["sample", "--checkpoint", Self.asset.path, "--length", "10", "--prefix-file", "-"]
        var furthest = 0
        for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, 143)] {
            let warming = try ChildProcess(args, input: .data(prompt))
            #expect(ChildProcess.poll(timeout: 120) { warming.inputBytesWritten >= 1 << 20 }, "the warm-up never read a megabyte")
            let atSignal = warming.inputBytesWritten
            warming.send(signal)
            let r = warming.wait()
            let further = warming.inputBytesWritten - atSignal
            #expect(r.status == status, "\(r)")
            #expect(r.stderr == "charrnn: interrupted\n" && r.stdout.isEmpty, "\(r)")
            #expect(further <= 128 << 10, "\(further) bytes went in after the signal")
            furthest = max(furthest, further)
        }

        // Waiting for more input: the child has read what there was and waits.
        let waiting = try ChildProcess(args, input: .pipe)
        waiting.writeInput(Data("it has".utf8))
        #expect(ChildProcess.poll(timeout: 60) { waiting.pendingInput == 0 }, "the prompt was never read")
        waiting.send(SIGINT)
        let w = waiting.wait()
        #expect(w.status == 130 && w.stderr == "charrnn: interrupted\n", "\(w)")
        print("[reliability] SIGINT and SIGTERM a megabyte into a 3 MiB warm-up: exit 130 and 143, "
            + "at most \(furthest / 1024) KiB written to the pipe after the signal")
    }
}

/// A child process run to its end.
struct ChildProcessRun {
    let result: ChildProcess.Result
    init(_ child: ChildProcess) { result = child.wait() }
}
