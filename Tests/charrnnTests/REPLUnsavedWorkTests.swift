import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// A REPL script never loses training: the end of input and `quit` save it to
/// a new file and say where, `quit!` leaves it, and `load` refuses to replace
/// it unless written `load!`. Each case is the built `charrnn` in a scratch folder.
@Suite struct REPLUnsavedWorkTests {
    /// A run of a few milliseconds an epoch.
    static let small = ["--hidden", "8", "--num-train", "200", "--num-val", "0", "--batch-size", "32", "--num-steps", "8", "--threads", "1"]

    /// `charrnn repl SMALL` on `script`, in a new empty folder.
    static func repl(_ script: String, _ extra: [String] = []) throws -> (ChildProcess.Result, URL) {
        let folder = try Fixtures.temporaryDirectory()
        let r = try ChildProcess.run(["repl"] + small + extra, stdin: script, directory: folder, timeout: 60)
        return (r, folder)
    }

    static func checkpoints(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".safetensors") }.sorted()
    }

    @Test func endOfInputSavesUnsavedTrainingToANewFile() throws {
        let (r, folder) = try Self.repl("train 2\n")
        #expect(r.status == 0, "\(r)")
        let files = try Self.checkpoints(in: folder)
        try #require(files.count == 1, "\(r)")
        #expect(files[0].wholeMatch(of: /charrnn-[0-9]{8}-[0-9]{6}\.safetensors/) != nil)
        let saved = folder.appendingPathComponent(files[0])
        let lastLine = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine.hasPrefix("charrnn: unsaved training (epoch 2, step ") && lastLine.hasSuffix(" saved to \(saved.path)"), "\(r)")
        let ck = try Checkpoint.read(from: saved)
        #expect(ck.progress.epoch == 2)
        #expect(ck.config.hidden == 8)
    }

    @Test func quitSavesAndQuitBangDiscards() throws {
        let (quit, kept) = try Self.repl("train 1\nquit\npredict never 3\n")
        #expect(quit.status == 0, "\(quit)")
        #expect(try Self.checkpoints(in: kept).count == 1)
        #expect(!quit.stdout.contains("never"))

        let (bang, discarded) = try Self.repl("train 1\nquit!\n")
        #expect(bang.status == 0 && bang.stderr.isEmpty, "\(bang)")
        #expect(try Self.checkpoints(in: discarded).isEmpty)

        // Nothing trained, nothing saved.
        let (idle, untouched) = try Self.repl("vocab\n")
        #expect(idle.status == 0 && idle.stderr.isEmpty, "\(idle)")
        #expect(try Self.checkpoints(in: untouched).isEmpty)
    }

    @Test func aFailingScriptStillSavesAndKeepsItsStatus() throws {
        let (r, folder) = try Self.repl("train 1\nbogus\n")
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.hasPrefix("error: unknown command \"bogus\""))
        #expect(try Self.checkpoints(in: folder).count == 1, "\(r)")
    }

    @Test func loadOverUnsavedTrainingIsRefusedUnlessForced() throws {
        let asset = Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors").path
        let (refused, folder) = try Self.repl("train 1\nload \(asset)\nvocab\n")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.hasPrefix("error: unsaved training (epoch 1, step "), "\(refused)")
        #expect(refused.stderr.contains("would be lost; `save PATH` first, or `load! PATH` to discard it"))
        #expect(!refused.stdout.contains("<unk>"), "the script stopped at the refused load")
        // The refused run's training is still saved on the way out.
        #expect(try Self.checkpoints(in: folder).count == 1)

        let (forced, other) = try Self.repl("train 1\nload! \(asset)\nstatus\n")
        #expect(forced.status == 0, "\(forced)")
        #expect(forced.stdout.contains("loaded \(asset): 32 hidden units, epoch 100"))
        #expect(try Self.checkpoints(in: other).isEmpty)
    }

    @Test func aCheckpointContradictedByTheOptionsIsRefused() throws {
        let asset = Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors").path
        let r = try ChildProcess.run(["repl", "--checkpoint", asset, "--cell", "lstm"], stdin: "vocab\n")
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr == "charrnn: error: --cell lstm does not match the checkpoint's rnn; a resumed run keeps the settings "
            + "it was saved with (leave out --cell, or train a new model without the checkpoint)\n")
        #expect(r.stdout.isEmpty)
        // Agreeing options are fine.
        let agreeing = try ChildProcess.run(["repl", "--checkpoint", asset, "--hidden", "32"], stdin: "quit\n")
        #expect(agreeing.status == 0 && agreeing.stderr.isEmpty, "\(agreeing)")
    }
}
