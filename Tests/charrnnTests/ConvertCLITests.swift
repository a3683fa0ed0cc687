import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// `charrnn convert`, and weights-only files through `train --resume` and the REPL.
@Suite(.serialized) struct ConvertCLITests {
    static let asset = Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors").path
    static let corpus = Fixtures.timeMachineURL.path

    @Test func convertWritesEveryFormAndRefusesWhatItMustNot() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Checkpoint.read(from: URL(fileURLWithPath: Self.asset))
        for form in CheckpointForm.allCases {
            let out = dir.appendingPathComponent("\(form.rawValue).safetensors")
            let r = try ChildProcess.run(["convert", Self.asset, out.path, "--to", form.rawValue])
            #expect(r.status == 0 && r.stdout == "wrote \(out.path): RNN, H=32, V=28 as \(form.rawValue)\n", "\(r.stderr)")
            let back = try Checkpoint.load(from: out)
            #expect(back.verified && back.checkpoint.params == original.params && back.weightsOnly == (form != .charrnn))
            if form == .charrnn { #expect(back.checkpoint.progress == original.progress) }
        }
        // Back from PyTorch's names to a full checkpoint, then replacing a file charrnn wrote.
        let full = dir.appendingPathComponent("charrnn.safetensors").path
        let again = try ChildProcess.run(["convert", dir.appendingPathComponent("torch.safetensors").path, full])
        #expect(again.status == 0 && again.stderr.contains("note: weights only (PyTorch names, RNN, H=32, V=28)"), "\(again.stderr)")
        // A file charrnn did not write is never replaced.
        let foreign = dir.appendingPathComponent("notes.txt")
        try Data("mine".utf8).write(to: foreign)
        let refused = try ChildProcess.run(["convert", Self.asset, foreign.path])
        ReliabilityCLITests.expectOneLineError(refused, containing: "exists and is not a file charrnn wrote", "foreign OUT")
        #expect(try String(contentsOf: foreign, encoding: .utf8) == "mine")
        // d2l's GRU has no PyTorch form.
        let gru = dir.appendingPathComponent("gru.safetensors").path
        #expect(try ChildProcess.run(["train", "--cell", "gru", "--hidden", "8", "--epochs", "0", "--save", gru, "--quiet"]).status == 0)
        let noTorch = try ChildProcess.run(["convert", gru, dir.appendingPathComponent("gru-torch.safetensors").path, "--to", "torch"])
        ReliabilityCLITests.expectOneLineError(noTorch, containing: "--cell torch-gru", "d2l GRU to torch")
    }

    @Test func trainingResumesFromWeightsOnlyWithAFreshOptimiser() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = dir.appendingPathComponent("w.safetensors").path, out = dir.appendingPathComponent("out.safetensors").path
        #expect(try ChildProcess.run(["convert", Self.asset, weights, "--to", "torch"]).status == 0)
        let conflicting = try ChildProcess.run(["train", "--resume", weights, "--hidden", "64", "--corpus", Self.corpus])
        ReliabilityCLITests.expectOneLineError(conflicting, containing: "--hidden 64 does not match the checkpoint's 32", "shape given")
        let r = try ChildProcess.run(["train", "--resume", weights, "--optimizer", "adam", "--epochs", "1", "--num-train", "1000",
                                    "--num-val", "200", "--save", out, "--corpus", Self.corpus])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: weights only (PyTorch names, RNN, H=32, V=28): no training progress or optimiser state, "
            + "so training from it starts at epoch 0 with a fresh optimiser"))
        let saved = try Checkpoint.read(from: URL(fileURLWithPath: out))
        #expect(saved.progress.epoch == 1 && saved.config.optimizer == .adam && saved.config.learningRate == 0.005)
        #expect(saved.optimizerState?.updates == 1)
    }

    @Test func theREPLOpensAndLoadsWeightsOnlyFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d2l = dir.appendingPathComponent("d2l.safetensors").path
        #expect(try ChildProcess.run(["convert", Self.asset, d2l, "--to", "d2l"]).status == 0)
        let expected = try ChildProcess.run(["repl", "--checkpoint", Self.asset, "--corpus", Self.corpus], stdin: "predict \"time traveller\" 40\n")
        let opened = try ChildProcess.run(["repl", "--checkpoint", d2l, "--corpus", Self.corpus], stdin: "predict \"time traveller\" 40\n")
        #expect(opened.status == 0 && opened.stdout == expected.stdout && !expected.stdout.isEmpty, "\(opened.stderr)")
        #expect(opened.stderr.contains("note: weights only (d2l names, RNN, H=32, V=28)"))
        let loaded = try ChildProcess.run(["repl", "--corpus", Self.corpus, "--hidden", "8"], stdin: "load \(d2l)\npredict \"time traveller\" 40\n")
        #expect(loaded.status == 0 && loaded.stdout.contains("note: weights only (d2l names"), "\(loaded.stdout) \(loaded.stderr)")
        #expect(loaded.stdout.hasSuffix(expected.stdout))
    }
}
