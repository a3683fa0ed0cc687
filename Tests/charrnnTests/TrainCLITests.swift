import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// `charrnn train` and `charrnn sample` as a user runs them: output, files, exit codes.
@Suite(.serialized) struct TrainCLITests {
    static let small = ["--hidden", "16", "--batch-size", "64", "--num-steps", "8", "--num-train", "300", "--num-val", "100"]

    @Test func trainPrintsEpochLinesAndWritesMetricsAndCheckpoint() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("m.safetensors").path, metrics = dir.appendingPathComponent("m.jsonl").path
        let r = try ChildProcess.run(["train", "--epochs", "3", "--save", ck, "--metrics", metrics] + Self.small)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        try #require(lines.count == 3)
        #expect(lines[0].hasPrefix("epoch 1/3  train ppl "))
        #expect(lines[2].contains("val ppl") && lines[2].contains("tok/s"))
        let records = try EpochMetrics.parseLines(String(contentsOfFile: metrics, encoding: .utf8))
        #expect(records.map(\.epoch) == [1, 2, 3])
        let keys = try JSONSerialization.jsonObject(with: Data(String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n")[0].utf8)) as! [String: Any]
        #expect(Set(keys.keys) == ["epoch", "step", "train_loss", "train_ppl", "val_loss", "val_ppl", "tokens_per_s", "elapsed_s", "sample"])
        let saved = try Checkpoint.read(from: URL(fileURLWithPath: ck))
        #expect(saved.progress.epoch == 3)
        #expect(String(format: "%.2f", records[2].valPerplexity!) == lines[2].split(separator: " ").drop { $0 != "val" }.dropFirst(2).first.map(String.init))
    }

    /// `--help` of every command that trains lists each option of the table with its default;
    /// a misspelt option is a usage error that suggests the right one.
    @Test func helpAndUsageErrorsComeFromTheOptionTable() throws {
        for command in ["train", "tui", "repl"] {
            let r = try ChildProcess.run([command, "--help"])
            #expect(r.status == 0)
            let section = try #require(r.stdout.components(separatedBy: "TRAINING OPTIONS:\n").last)
            let text = section.replacing(/\s+/, with: " ")
            for option in RunOptions.commandLine {
                #expect(text.contains("--\(option.name) <\(option.valueName)>"), "\(command): --\(option.name)")
                #expect(text.contains("(default: \(option.defaultText(for: TrainingConfig())))"), "\(command): --\(option.name)")
            }
        }
        let typo = try ChildProcess.run(["train", "--hiden", "3"])
        #expect(typo.status == 2)
        #expect(typo.stderr.hasPrefix(#"Error: unknown option '--hiden'; did you mean "--hidden"?"#))
        let bad = try ChildProcess.run(["train", "--cell", "tree"])
        #expect(bad.status == 2 && bad.stderr.hasPrefix("Error: --cell expects one of rnn|gru|lstm|torch-gru, got 'tree'"))
    }

    @Test func quietPrintsNothingAndZeroEpochsSavesTheInitialisation() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("init.safetensors").path
        let r = try ChildProcess.run(["train", "--epochs", "0", "--quiet", "--init", "normal", "--save", ck] + Self.small)
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty)
        let saved = try Checkpoint.read(from: URL(fileURLWithPath: ck))
        #expect(saved.params == Initializer.parameters(for: saved.model, scheme: .normal, seed: 0))
    }

    @Test func sampleGreedyIsDeterministicAndReportsUnknownCharacters() throws {
        let asset = Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors").path
        let a = try ChildProcess.run(["sample", "--checkpoint", asset, "--prefix", "it has", "--length", "20", "--greedy"])
        let b = try ChildProcess.run(["sample", "--prefix", "it has", "--length", "20", "--greedy"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        #expect(a.stdout.hasPrefix("it has") && a.stdout.count == "it has".count + 20 + 1)
        let ck = try Checkpoint.read(from: URL(fileURLWithPath: asset))
        let sampler = Sampler(params: ck.params, model: ck.model, vocabulary: ck.vocabulary)
        #expect(a.stdout == sampler.predict(prefix: ck.vocabulary.encode("it has").ids, count: 20) + "\n")
        let odd = try ChildProcess.run(["sample", "--checkpoint", asset, "--prefix", "It, has", "--length", "5", "--seed", "3"])
        #expect(odd.status == 0)
        #expect(odd.stderr.contains("<unk>") && odd.stderr.contains("\"I\" at 0") && odd.stderr.contains("\",\" at 2"))
        let s1 = try ChildProcess.run(["sample", "--checkpoint", asset, "--length", "40", "--seed", "5", "--temperature", "0.8", "--top-k", "5"])
        let s2 = try ChildProcess.run(["sample", "--checkpoint", asset, "--length", "40", "--seed", "5", "--temperature", "0.8", "--top-k", "5"])
        #expect(s1.stdout == s2.stdout)
    }

    /// Each bad input: one clear line on stderr, the right exit status, no backtrace.
    @Test func badInputGivesOneLineAndAnExitStatus() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.txt"), binary = dir.appendingPathComponent("bin.txt")
        let short = dir.appendingPathComponent("short.txt"), truncated = dir.appendingPathComponent("t.safetensors")
        try Data().write(to: empty)
        try Data(Array("good text then ".utf8) + [0xFF] + Array(" bad".utf8)).write(to: binary)
        try Data("only a few words".utf8).write(to: short)
        try Data([1, 2, 3]).write(to: truncated)
        let cases: [(args: [String], status: Int32, needle: String)] = [
            (["train", "--corpus", dir.appendingPathComponent("missing.txt").path], 1, "missing.txt"),
            (["train", "--corpus", empty.path], 1, "empty"),
            (["train", "--corpus", binary.path], 1, "invalid byte 0xFF at offset 15"),
            (["train", "--corpus", short.path], 1, "too short"),
            (["train", "--hidden", "0"], 2, "--hidden"),
            (["train", "--batch-size", "-3"], 2, "--batch-size"),
            (["train", "--lr=-1"], 2, "--lr"),
            (["train", "--num-steps", "0"], 2, "--num-steps"),
            (["train", "--epochs", "x"], 2, "epochs"),
            (["sample", "--checkpoint", truncated.path], 1, "truncated"),
            (["sample", "--checkpoint", dir.appendingPathComponent("none.safetensors").path], 1, "none.safetensors"),
            (["sample", "--temperature", "0"], 2, "temperature"),
            (["sample", "--prefix", ""], 2, "prefix"),
            (["no-such-command"], 2, "unexpected argument 'no-such-command'"),
        ]
        for c in cases {
            let r = try ChildProcess.run(c.args)
            #expect(r.status == c.status, "\(c.args): \(r)")
            #expect(r.stderr.contains(c.needle), "\(c.args): \(r.stderr)")
            #expect(!r.stderr.contains("Backtrace") && !r.stderr.contains("Fatal error"), "\(c.args)")
            if c.status == 1 { #expect(r.stderr.split(separator: "\n").count == 1, "\(c.args): \(r.stderr)") }
        }
    }
}
