import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// charrnn's files and the official `safetensors` and `numpy` Python packages,
/// both ways, through the real binary. Without python3 and those packages the
/// suite is skipped with the reason printed, and fails under CI=true.
@Suite(.serialized, .enabled(if: PythonClient.shouldRun)) struct PythonInteropTests {
    static let asset = Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors").path
    static let prefix = "time traveller"

    /// `charrnn sample` of 100 greedy characters after `prefix`.
    static func sample(_ path: String, _ extra: [String] = []) throws -> ChildProcess.Result {
        try ChildProcess.run(["sample", "--checkpoint", path, "--prefix", prefix, "--greedy", "--length", "100"] + extra)
    }

    static func charrnn(_ arguments: [String]) throws {
        let r = try ChildProcess.run(arguments)
        #expect(r.status == 0, "charrnn \(arguments.joined(separator: " ")): \(r.stderr)")
    }

    /// (a) charrnn saves; `safetensors.numpy.save_file` re-saves (tensors sorted,
    /// one metadata key added); charrnn loads it, verified, and samples the same.
    @Test func aFileResavedBySafetensorsLoadsVerifiedAndSamplesTheSame() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = dir.appendingPathComponent("lstm.safetensors").path, resaved = dir.appendingPathComponent("resaved.safetensors").path
        try Self.charrnn(["train", "--cell", "lstm", "--layers", "2", "--hidden", "16", "--optimizer", "adam", "--epochs", "2",
                          "--num-train", "2000", "--num-val", "500", "--save", original, "--quiet"])
        let python = try PythonClient.interop(["resave", original, resaved])
        #expect((python["metadata_keys"] as? [String])?.contains("source") == true)

        let before = try Safetensors.decode(Data(contentsOf: URL(fileURLWithPath: original))).tensors.map(\.name)
        let after = try Safetensors.decode(Data(contentsOf: URL(fileURLWithPath: resaved))).tensors.map(\.name)
        #expect(Set(before) == Set(after) && before != after, "the re-save reorders the tensors")
        let a = try Checkpoint.load(from: URL(fileURLWithPath: original)), b = try Checkpoint.load(from: URL(fileURLWithPath: resaved))
        #expect(b.verified && !b.weightsOnly && b.notes.isEmpty)
        #expect(b.checkpoint.params == a.checkpoint.params && b.checkpoint.progress == a.checkpoint.progress)
        #expect(b.checkpoint.optimizerState == a.checkpoint.optimizerState)

        let (x, y) = (try Self.sample(original), try Self.sample(resaved))
        #expect(x.status == 0 && y.status == 0 && y.stderr.isEmpty, "\(y.stderr)")
        #expect(x.stdout.count == Self.prefix.count + 101 && y.stdout == x.stdout)
    }

    /// (b) State dicts of nn.RNN, nn.LSTM (2 layers, no vocabulary: `--vocab`) and
    /// nn.GRU from NumPy arrays: charrnn's greedy text is NumPy's, by PyTorch's equations.
    @Test func pytorchStateDictsSampleAsNumPyDecodesThem() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = try PythonClient.interop(["torch-dicts", dir.path])
        for (name, extra, summary) in [("rnn", [String](), "RNN, H=24"), ("lstm", ["--vocab", dir.appendingPathComponent("vocab.json").path], "2-layer LSTM, H=16"),
                                       ("gru", [], "PyTorch GRU, H=20")] {
            let r = try Self.sample(dir.appendingPathComponent("\(name).safetensors").path, extra)
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout == (expected["\(name).safetensors"] as? String ?? "?") + "\n", "\(name)")
            #expect(r.stderr.contains("weights only (PyTorch names, \(summary), V=28)"), "\(name): \(r.stderr)")
            #expect(r.stderr.contains("loaded unverified"))
            #expect(r.stderr.contains("using --vocab") == !extra.isEmpty)
        }
    }

    /// (c) `convert --to torch`: the names and shapes PyTorch's modules hold
    /// (strict loading), and NumPy applying PyTorch's equations to them gives charrnn's text.
    @Test func convertToTorchGivesAStateDictPyTorchsEquationsAgreeWith() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lstm = dir.appendingPathComponent("lstm.safetensors").path, gru = dir.appendingPathComponent("gru.safetensors").path
        try Self.charrnn(["train", "--cell", "lstm", "--layers", "2", "--hidden", "12", "--epochs", "0", "--save", lstm, "--quiet"])
        try Self.charrnn(["train", "--cell", "torch-gru", "--hidden", "20", "--epochs", "1", "--num-train", "1000", "--num-val", "200", "--save", gru, "--quiet"])
        for (source, cell, layers) in [(Self.asset, "rnn", 1), (lstm, "lstm", 2), (gru, "gru", 1)] {
            let out = dir.appendingPathComponent("torch-\(cell).safetensors").path
            try Self.charrnn(["convert", source, out, "--to", "torch"])
            let python = try PythonClient.interop(["torch-decode", out, Self.prefix, "100"])
            #expect(python["strict"] as? Bool == true && python["format"] as? String == "pt")
            #expect(python["cell"] as? String == cell && python["layers"] as? Int == layers)
            let charrnn = try Self.sample(source)
            #expect(charrnn.stdout == (python["text"] as? String ?? "?") + "\n", "\(cell)")
        }
    }

    /// (d) F16 and F64 tensors load as float32 with a note; F64 of float32
    /// values is exact, so its text is the original's.
    @Test func f16AndF64FilesLoadWithANote() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d2l = dir.appendingPathComponent("d2l.safetensors").path
        try Self.charrnn(["convert", Self.asset, d2l, "--to", "d2l"])
        let files = try PythonClient.interop(["dtypes", d2l, dir.path])
        let original = try Self.sample(Self.asset)
        let f64 = try Self.sample(files["float64"] as? String ?? "?")
        #expect(f64.status == 0 && f64.stdout == original.stdout)
        #expect(f64.stderr.contains("note: converted 5 F64 tensors to float32"), "\(f64.stderr)")
        let f16 = try Self.sample(files["float16"] as? String ?? "?")
        #expect(f16.status == 0 && f16.stdout.hasPrefix(Self.prefix) && f16.stdout.count == original.stdout.count)
        #expect(f16.stderr.contains("note: converted 5 F16 tensors to float32"), "\(f16.stderr)")
    }
}
