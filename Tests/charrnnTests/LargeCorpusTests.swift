import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// A 100 MB generated UTF-8 corpus loads with memory bounded by its token ids.
@Suite(.serialized) struct LargeCorpusTests {
    /// 100 MB of words with ASCII, accented, CJK and emoji characters and newlines.
    static func write100MB(to url: URL) throws -> Int {
        let words = ["the", "time", "traveller", "Café", "naïve", "時間", "🚀", "machine", "\n", "said", "—", "Filby", "psychologist"]
        var g = SeededGenerator(seed: 100)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 20)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var bytes = 0, scalars = 0
        while bytes < 100_000_000 {
            chunk.removeAll(keepingCapacity: true)
            while chunk.count < 1 << 20 {
                let w = words[g.nextIndex(below: words.count)] + " "
                chunk += Array(w.utf8)
                scalars += w.unicodeScalars.count
            }
            try handle.write(contentsOf: chunk)
            bytes += chunk.count
        }
        return scalars
    }

    @Test func aHundredMegabytesLoadWithBoundedMemory() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("big.txt"), model = dir.appendingPathComponent("big.safetensors")
        let scalars = try Self.write100MB(to: corpus)
        let child = try ChildProcess(["train", "--corpus", corpus.path, "--text", "raw", "--epochs", "0", "--num-train", "1000",
                                      "--num-val", "100", "--quiet", "--save", model.path])
        let r = child.wait(timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        let ck = try Checkpoint.read(from: model)
        #expect(ck.textMode == .raw && ck.vocabulary.contains("時") && ck.vocabulary.contains("\n") && ck.vocabulary.contains("C"))
        // The ids take 4 bytes a scalar; the text itself is never held whole.
        let peak = try #require(r.peakKiB)
        let idsKiB = scalars * 4 / 1024
        #expect(peak < idsKiB + 160 * 1024, "peak RSS \(peak) KiB for \(idsKiB) KiB of ids")
        print("100 MB corpus (\(scalars) scalars): peak RSS \(peak / 1024) MiB, loaded and saved in \(String(format: "%.1f", r.seconds)) s")
    }
}
