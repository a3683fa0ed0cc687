import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stopping and continuing across processes: the continuation is exactly the
/// run that would have happened.
@Suite(.serialized) struct ResumeCLITests {
    static let small = ["--hidden", "16", "--batch-size", "64", "--num-steps", "8", "--num-train", "300", "--num-val", "100"]

    /// Fails the test with the run's stderr unless it exited 0.
    static func ok(_ args: [String]) throws -> ChildProcess.Result {
        let r = try ChildProcess.run(args)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return r
    }

    /// The history without the fields that measure wall time or follow the run's sample schedule.
    static func untimed(_ history: [EpochMetrics]) -> [EpochMetrics] {
        history.map { m in
            var m = m
            m.tokensPerSecond = 0
            m.elapsedSeconds = 0
            // Which epochs are sampled follows each run's target (--sample-every auto), not its weights.
            m.sample = nil
            return m
        }
    }

    /// Asserts that two checkpoint files hold the same run: identical tensor
    /// bytes, the same progress and history apart from timing.
    static func expectSameRun(_ a: URL, _ b: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (da, db) = (try Data(contentsOf: a), try Data(contentsOf: b))
        #expect(CheckpointFiles.tensorBytes(da) == CheckpointFiles.tensorBytes(db), "tensor bytes differ", sourceLocation: sourceLocation)
        #expect(try CheckpointFiles.metadata(da)[CheckpointIntegrity.tensorsKey] == CheckpointFiles.metadata(db)[CheckpointIntegrity.tensorsKey], sourceLocation: sourceLocation)
        let (ca, cb) = (try Checkpoint.read(from: a), try Checkpoint.read(from: b))
        #expect(untimed(ca.progress.history) == untimed(cb.progress.history), sourceLocation: sourceLocation)
        var (pa, pb) = (ca.progress, cb.progress)
        (pa.elapsedSeconds, pb.elapsedSeconds, pa.history, pb.history) = (0, 0, [], [])
        #expect(pa == pb, sourceLocation: sourceLocation)
    }

    @Test func twoEpochsThenTwoMoreInANewProcessEqualFourStraight() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b, c) = (dir.appendingPathComponent("a.safetensors"), dir.appendingPathComponent("b.safetensors"), dir.appendingPathComponent("c.safetensors"))
        let (ma, mc) = (dir.appendingPathComponent("ab.jsonl").path, dir.appendingPathComponent("c.jsonl").path)
        // Different thread counts too: results must not depend on them.
        _ = try Self.ok(["train", "--epochs", "2", "--save", a.path, "--metrics", ma, "--threads", "1"] + Self.small)
        let resumed = try Self.ok(["train", "--resume", a.path, "--epochs", "4", "--save", b.path, "--metrics", ma, "--threads", "2"])
        _ = try Self.ok(["train", "--epochs", "4", "--save", c.path, "--metrics", mc] + Self.small)
        #expect(resumed.stdout.split(separator: "\n").map { $0.prefix(10) } == ["epoch 3/4 ", "epoch 4/4 "])
        try Self.expectSameRun(b, c)
        #expect(try Checkpoint.read(from: b).progress.history.count == 4)
        // The metrics file of the two sessions equals the straight run's, timing aside.
        let metricsAB = try EpochMetrics.parseLines(String(contentsOfFile: ma, encoding: .utf8))
        let metricsC = try EpochMetrics.parseLines(String(contentsOfFile: mc, encoding: .utf8))
        #expect(Self.untimed(metricsAB) == Self.untimed(metricsC) && metricsC.count == 4)
        // And the model says the same: 200 sampled and 50 greedy characters.
        for extra in [["--length", "200", "--seed", "7"], ["--length", "50", "--greedy", "--prefix", "the time "]] {
            let sb = try Self.ok(["sample", "--checkpoint", b.path] + extra)
            let sc = try Self.ok(["sample", "--checkpoint", c.path] + extra)
            #expect(sb.stdout == sc.stdout && sb.stdout.count > 50)
        }
    }

    /// Settings left out on resume continue as saved (learning rate, clip,
    /// text mode), so the continuation is still exact.
    @Test func resumeKeepsTheSavedLearningRateClipAndTextMode() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b, c) = (dir.appendingPathComponent("a.st"), dir.appendingPathComponent("b.st"), dir.appendingPathComponent("c.st"))
        let run = ["--lr", "2.5", "--clip", "0.5", "--text", "raw"] + Self.small
        _ = try Self.ok(["train", "--epochs", "1", "--save", a.path, "--quiet"] + run)
        _ = try Self.ok(["train", "--resume", a.path, "--epochs", "3", "--save", b.path, "--quiet"])
        _ = try Self.ok(["train", "--epochs", "3", "--save", c.path, "--quiet"] + run)
        try Self.expectSameRun(b, c)
        let saved = try Checkpoint.read(from: b)
        #expect(saved.config.learningRate == 2.5 && saved.config.clip == 0.5 && saved.textMode == .raw)
        // Given explicitly, the learning rate and clip change for the rest of the run.
        _ = try Self.ok(["train", "--resume", a.path, "--epochs", "2", "--lr", "0.5", "--clip", "2", "--save", b.path, "--quiet"])
        let changed = try Checkpoint.read(from: b)
        #expect(changed.config.learningRate == 0.5 && changed.config.clip == 2)
    }

    /// Ctrl-C in the middle of an epoch saves the state there; resuming it in a
    /// new process ends exactly where the uninterrupted run does.
    @Test func interruptedMidEpochThenResumedEqualsTheStraightRun() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = dir.appendingPathComponent("m.st"), r = dir.appendingPathComponent("r.st"), s = dir.appendingPathComponent("s.st")
        // 47 minibatches per epoch, so a signal almost always lands inside one.
        let run = ["--hidden", "16", "--batch-size", "64", "--num-steps", "8", "--num-train", "3000", "--num-val", "100", "--threads", "1"]
        var interrupted: Checkpoint?
        for _ in 0..<10 {
            let child = try ChildProcess(["train", "--epochs", "1000", "--save", m.path] + run)
            guard child.waitFor({ out, _ in out.contains("1/1000  train") }) else {
                child.send(SIGKILL)
                Issue.record("no first epoch: \(child.wait())")
                return
            }
            // Aim at the middle of epoch 2: half as long as epoch 1 took.
            let line = child.stdoutText.split(separator: "\n").first { $0.contains("1/1000  train") } ?? ""
            let epochSeconds = line.firstMatch(of: #/ ([0-9.]+) s$/#).flatMap { Double($0.1) } ?? 0.01
            usleep(UInt32(min(epochSeconds, 10) * 500_000))
            child.send(SIGINT)
            let result = child.wait()
            #expect(result.status == 130, "\(result.stderr)")
            #expect(result.stderr.contains("charrnn: interrupted in epoch") && result.stderr.contains("saved '\(m.path)'"), "\(result.stderr)")
            #expect(!result.stderr.contains("Backtrace"))
            let ck = try Checkpoint.read(from: m)
            if ck.progress.batchInEpoch > 0 {
                interrupted = ck
                break
            }
        }
        let ck = try #require(interrupted, "no interruption landed inside an epoch")
        let target = ck.progress.epoch + 2
        _ = try Self.ok(["train", "--resume", m.path, "--epochs", "\(target)", "--save", r.path, "--quiet", "--threads", "2"])
        _ = try Self.ok(["train", "--epochs", "\(target)", "--save", s.path, "--quiet"] + run)
        try Self.expectSameRun(r, s)
        print("[reliability] SIGINT mid-epoch: saved at epoch \(ck.progress.epoch) + \(ck.progress.batchInEpoch)/47 batches, "
            + "resumed to \(target) epochs in a new process: tensors byte-identical to the straight run")
    }

    @Test func saveEveryTwoSavesAtEpochsTwoFourAndTheEnd() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let x = dir.appendingPathComponent("x.st")
        let run = ["--hidden", "16", "--batch-size", "64", "--num-steps", "8", "--num-train", "3000", "--num-val", "100"]
        let child = try ChildProcess(["train", "--epochs", "5", "--save-every", "2", "--save", x.path] + run)
        // Stop the process as soon as it reports the first save and look at the file.
        #expect(child.waitFor { _, err in err.contains("(epoch 2/5)") })
        child.send(SIGSTOP)
        let seen = try Checkpoint.read(from: x)
        child.send(SIGCONT)
        let result = child.wait()
        #expect(result.status == 0, "\(result.stderr)")
        let saves = result.stderr.split(separator: "\n").filter { $0.hasPrefix("saved '\(x.path)'") }
        #expect(saves.map { $0.split(separator: "(").last.map(String.init) } == ["epoch 2/5)", "epoch 4/5)", "epoch 5/5)"])
        #expect([2, 4].contains(seen.progress.epoch) && seen.progress.batchInEpoch == 0)
        #expect(seen.progress.history.count == seen.progress.epoch)
        let final = try Checkpoint.read(from: x)
        #expect(final.progress.epoch == 5 && final.progress.history.count == 5)
        // What was seen mid-run is exactly that epoch of the run.
        let straight = dir.appendingPathComponent("s.st")
        _ = try Self.ok(["train", "--epochs", "\(seen.progress.epoch)", "--save", straight.path, "--quiet"] + run)
        #expect(try Checkpoint.read(from: straight).params == seen.params)
    }

    /// A resume that cannot continue the saved run exactly is refused with one
    /// line, exit status 1, and the checkpoint is left as it was.
    @Test func resumeWithOtherSettingsOrAnotherVocabularyIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.st")
        _ = try Self.ok(["train", "--epochs", "1", "--save", a.path, "--quiet"] + Self.small)
        let before = try Data(contentsOf: a)
        // Letters only, but not all of them: 22 letters, space and <unk> instead of 28 tokens.
        let other = dir.appendingPathComponent("other.txt")
        let words = "the time traveller for so it will be convenient to speak of him was expounding a recondite matter to us "
        try Data(String(repeating: words, count: 60).utf8).write(to: other)
        let cases: [(args: [String], needle: String)] = [
            (["--hidden", "32"], "--hidden 32 does not match the checkpoint's 16"),
            (["--num-steps", "16"], "--num-steps 16 does not match the checkpoint's 8"),
            (["--batch-size=32"], "--batch-size 32 does not match the checkpoint's 64"),
            (["--seed", "3"], "--seed 3 does not match"),
            (["--init", "normal"], "--init normal does not match"),
            (["--text", "raw"], "--text raw does not match"),
            (["--corpus", other.path], "vocabulary does not match the corpus: the checkpoint has 28 tokens, the corpus 24"),
        ]
        for c in cases {
            let r = try ChildProcess.run(["train", "--resume", a.path, "--epochs", "3", "--save", a.path] + c.args)
            #expect(r.status == 1, "\(c.args): \(r.stderr)")
            #expect(r.stderr.contains(c.needle), "\(c.args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stdout.isEmpty, "\(c.args): \(r.stderr)")
        }
        // Options equal to the saved ones are fine.
        _ = try Self.ok(["train", "--resume", a.path, "--epochs", "1", "--hidden", "16", "--num-steps", "8", "--quiet"])
        #expect(try Data(contentsOf: a) == before)
    }
}
