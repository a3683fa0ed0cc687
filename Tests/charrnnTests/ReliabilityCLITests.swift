import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// Damaged checkpoints, diverging runs and unusable paths, as a user meets
/// them on the command line: one line on stderr, exit status 1, nothing saved
/// work damaged.
@Suite(.serialized) struct ReliabilityCLITests {
    static let small = ["--hidden", "16", "--batch-size", "64", "--num-steps", "8", "--num-train", "300", "--num-val", "100"]

    /// One clear line on stderr, the status, no crash, nothing on stdout.
    static func expectOneLineError(_ r: ChildProcess.Result, status: Int32 = 1, containing needle: String, _ what: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(what): \(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(needle), "\(what): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("charrnn: error: ") && r.stderr.split(separator: "\n").count == 1, "\(what): \(r.stderr)",
                sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(what)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(what): \(r.stdout)", sourceLocation: sourceLocation)
    }

    static func trainSmall(epochs: Int, to url: URL, _ extra: [String] = []) throws {
        let r = try ChildProcess.run(["train", "--epochs", "\(epochs)", "--save", url.path, "--quiet"] + small + extra)
        #expect(r.status == 0, "\(r.stderr)")
    }

    // MARK: - Loading errors

    @Test func everyKindOfDamagedCheckpointIsAOneLineErrorForSampleAndResume() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.st")
        try Self.trainSmall(epochs: 1, to: good)
        let data = try Data(contentsOf: good)
        let headerEnd = 8 + CheckpointFiles.headerLength(data)

        var damaged: [(name: String, bytes: Data, needle: String)] = []
        // Truncations: the structural boundaries and a spread of other offsets.
        var cuts: Set<Int> = [0, 1, 7, 8, 9, headerEnd - 1, headerEnd, headerEnd + 1, headerEnd + 4, data.count - 4, data.count - 1]
        for i in stride(from: 13, to: data.count, by: data.count / 12) { cuts.insert(i) }
        for n in cuts.sorted() { damaged.append(("truncated at \(n)", data.prefix(n), "checkpoint '")) }
        // Single flipped bits, in the header and in the tensor data.
        var g = SeededGenerator(seed: 7)
        for k in 0..<16 {
            var bad = data
            let i = k < 8 ? 8 + g.nextIndex(below: headerEnd - 8) : headerEnd + g.nextIndex(below: data.count - headerEnd)
            bad[i] ^= UInt8(1 << g.nextIndex(below: 8))
            damaged.append(("bit flipped at byte \(i)", bad, "checkpoint '"))
        }
        let wrongShape = try CheckpointFiles.reencoded(data) { tensors, _ in
            let i = tensors.firstIndex { $0.name == "W_hh" }!
            tensors[i] = StoredTensor(name: "W_hh", shape: [8, 32], values: tensors[i].values)
        }
        let missing = try CheckpointFiles.reencoded(data) { tensors, _ in tensors.removeAll { $0.name == "b_q" } }
        let foreign = Safetensors.encode(tensors: [StoredTensor(name: "weight", shape: [2, 2], values: [1, 2, 3, 4])], metadata: [:])
        let badModel = try CheckpointFiles.reencoded(data) { _, meta in meta["charrnn.model"] = "{\"hidden\":1000000000,\"vocab_size\":28}" }
        let badProgress = try CheckpointFiles.reencoded(data) { _, meta in
            meta["charrnn.progress"] = meta["charrnn.progress"]!.replacingOccurrences(of: "\"batch_in_epoch\":0", with: "\"batch_in_epoch\":-3")
        }
        damaged += [
            ("wrong shape", wrongShape, "tensor W_hh has shape [8, 32], expected [16, 16]"),
            ("missing tensor", missing, "tensor b_q is missing"),
            ("foreign safetensors", foreign, "not a model charrnn can open"),
            ("model too big for its tensors", badModel, "checkpoint '"),
            ("progress out of range", badProgress, "the progress record is out of range"),
            ("a GIF", Data("GIF89a\u{1}\u{0}\u{1}\u{0}\u{80}\u{0}\u{0}".utf8), "not a valid safetensors file"),
            ("text", Data(String(repeating: "it was a dark and stormy night ", count: 20).utf8), "not a valid safetensors file"),
            ("empty", Data(), "truncated"),
        ]
        var results: [String: Int] = [:]
        for (k, d) in damaged.enumerated() {
            let file = dir.appendingPathComponent("bad\(k).st")
            try d.bytes.write(to: file)
            let sample = try ChildProcess.run(["sample", "--checkpoint", file.path, "--length", "5"])
            Self.expectOneLineError(sample, containing: d.needle, "sample, \(d.name)")
            // Resuming a damaged file must not touch it, nor the save target.
            let out = dir.appendingPathComponent("out.st")
            let resume = try ChildProcess.run(["train", "--resume", file.path, "--epochs", "3", "--save", out.path])
            Self.expectOneLineError(resume, containing: d.needle, "resume, \(d.name)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
            #expect(try Data(contentsOf: file) == d.bytes)
            let kind = d.name.split(separator: " ").prefix(2).joined(separator: " ")
            results[kind, default: 0] += 1
        }
        let folder = try ChildProcess.run(["sample", "--checkpoint", dir.path])
        Self.expectOneLineError(folder, containing: "cannot read checkpoint", "a folder")
        let missingFile = try ChildProcess.run(["sample", "--checkpoint", dir.appendingPathComponent("none.st").path])
        Self.expectOneLineError(missingFile, containing: "no such file", "a missing file")
        print("[reliability] damaged checkpoints through the CLI (sample and train --resume each): \(damaged.count) files, "
            + "\(cuts.count) truncations, 16 bit flips, \(damaged.count - cuts.count - 16) other; every one exit 1 with one line")
    }

    // MARK: - Non-finite values

    /// A learning rate of 3e38 without clipping overflows float32: real NaN
    /// losses from the command line. The checkpoint resumed from stays as it was.
    @Test func divergingResumeHaltsAndKeepsTheLastGoodCheckpoint() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x.st")
        try Self.trainSmall(epochs: 2, to: x)
        let before = try Data(contentsOf: x)
        let r = try ChildProcess.run(["train", "--resume", x.path, "--epochs", "50", "--lr", "3e38", "--clip", "0", "--save", x.path, "--save-every", "1"])
        #expect(r.status == 1, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let skipped = lines.filter { $0.hasPrefix("warning: step ") && $0.hasSuffix(": loss or gradient is not finite; update skipped") }
        #expect(skipped.count >= 5)
        #expect(lines.last?.hasPrefix("charrnn: error: training halted: 5 consecutive steps with a non-finite loss or gradient") == true)
        #expect(lines.last?.contains("'\(x.path)' is still the last good checkpoint") == true, "\(r.stderr)")
        #expect(!r.stderr.contains("Backtrace") && !r.stderr.contains("Fatal error"))
        #expect(try Data(contentsOf: x) == before)
        let kept = try Checkpoint.read(from: x)
        #expect(kept.progress.epoch == 2 && kept.hasFiniteWeights)

        // A fresh run that diverges at once saves nothing at all.
        let y = dir.appendingPathComponent("y.st")
        let fresh = try ChildProcess.run(["train", "--epochs", "5", "--lr", "3e38", "--clip", "0", "--save", y.path] + Self.small)
        #expect(fresh.status == 1)
        #expect(fresh.stderr.contains("nothing was saved"), "\(fresh.stderr)")
        #expect(!FileManager.default.fileExists(atPath: y.path))
        #expect(CheckpointFiles.temporaries(for: y).isEmpty)
    }

    /// With NaN gradients injected from step 16 (the hidden `--inject-nonfinite`),
    /// epochs 1–3 (steps 1–15) are good; the halt at step 20 saves epoch 3,
    /// which is exactly what a 3-epoch run saves.
    @Test func haltedRunSavesTheLastGoodEpoch() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x.st"), three = dir.appendingPathComponent("three.st")
        let r = try ChildProcess.run(["train", "--epochs", "10", "--inject-nonfinite", "16", "--save", x.path] + Self.small)
        #expect(r.status == 1)
        let warnings = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: step ") }
        #expect(warnings.map { $0.split(separator: ":").prefix(2).joined(separator: ":") } == (16...20).map { "warning: step \($0)" })
        #expect(r.stderr.contains("training halted: 5 consecutive steps") && r.stderr.contains("saved the last good checkpoint (epoch 3) to '\(x.path)'"), "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 3)
        try Self.trainSmall(epochs: 3, to: three)
        let (saved, reference) = (try Checkpoint.read(from: x), try Checkpoint.read(from: three))
        #expect(saved.params == reference.params && saved.progress.step == 15 && saved.progress.nonFiniteStreak == 0)
        // Resumed without the fault, the run carries on from there.
        let on = try ChildProcess.run(["train", "--resume", x.path, "--epochs", "4", "--save", x.path, "--quiet"])
        #expect(on.status == 0)
        #expect(try Checkpoint.read(from: x).progress.epoch == 4)
    }

    // MARK: - Paths that cannot work fail before training

    @Test func unusableOutputPathsFailBeforeTheFirstEpoch() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plainFile = dir.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: plainFile)
        let cases: [(args: [String], needle: String)] = [
            (["--save", dir.appendingPathComponent("missing/x.st").path], "the folder '\(dir.path)/missing' does not exist"),
            (["--save", dir.path], "it is a folder"),
            (["--save", plainFile.appendingPathComponent("x.st").path], "is not a folder"),
            (["--metrics", dir.appendingPathComponent("missing/m.jsonl").path], "--metrics: cannot create"),
        ]
        for c in cases {
            // A million epochs: only an early failure ends this quickly.
            let start = Date()
            let r = try ChildProcess.run(["train", "--epochs", "1000000"] + Self.small + c.args, timeout: 60)
            Self.expectOneLineError(r, containing: c.needle, "\(c.args)")
            #expect(Date().timeIntervalSince(start) < 30)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["file.txt"])
        let usage: [(args: [String], needle: String)] = [
            (["train", "--save-every", "2"], "--save-every needs --save"),
            (["train", "--save-every", "0", "--save", "x"], "--save-every must be positive"),
            (["sample", "--prefix", "a", "--prefix-file", "b"], "not both"),
        ]
        for c in usage {
            let r = try ChildProcess.run(c.args)
            #expect(r.status == 2 && r.stderr.contains(c.needle), "\(c.args): \(r.stderr)")
        }
    }
}
