import CharRNN
import CharRNNTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The real `charrnn` binary in tmux at 120×40: training shows (waited for up to 60 s),
/// the prompt steps, resizing below the minimum and back, quitting with `q`
/// and with Ctrl-C, and the terminal mode is the same before and after; a
/// GRU's gate groups, and another run's curves with `--compare`.
@Suite(.serialized, .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
struct TUIEndToEndTests {
    @Test func trainsStepsResizesAndQuitsCleanly() throws {
        let session = try TmuxSession(width: 120, height: 40, arguments: ["--corpus", Fixtures.timeMachineURL.path])
        defer { session.close() }

        // Every wait names all it looks for: tmux may capture a frame half drawn.
        _ = try session.waitForScreen(seconds: 60, "braille curves and a perplexity for epoch ≥ 1") { screen in
            screen.contains("curves") && screen.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }
                && screen.range(of: #"epoch [1-9][0-9]*/100 · train ppl [0-9]+\.[0-9]+"#, options: .regularExpression) != nil
        }

        try session.send(["Tab", "Tab", "C-u"])
        try session.send(["-l", "it has"])
        try session.send(["Enter", "Enter", "Enter"])
        _ = try session.waitForScreen(seconds: 30, "three steps after 'it has' and a top-k list under the last") { screen in
            let lines = screen.split(separator: "\n")
            let continued = lines.first { $0.contains("it has") }.map { $0.components(separatedBy: "it has")[1].count >= 3 } ?? false
            return screen.contains("step 3: '") && screen.contains("× 9 steps") && continued
                && lines.filter { $0.contains("█") && $0.contains("%") }.count >= 5
        }

        try session.resize(width: 50, height: 12)
        _ = try session.waitForScreen(seconds: 30, "the too-small message") { $0.contains("terminal too small: need 80×24, have 50×12") }
        try session.resize(width: 120, height: 40)
        _ = try session.waitForScreen(seconds: 30, "the panes again") { screen in
            screen.contains("one-hot inspector") && screen.contains("hidden state") && !screen.contains("too small")
        }

        try session.send(["Escape"])
        try session.send(["q"])
        _ = try session.waitForScreen(seconds: 30, "the save question") { $0.contains("save before quitting?") }
        try session.send(["n"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0")
        #expect(result.sttyBefore == result.sttyAfter)
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let session = try TmuxSession(width: 120, height: 40, arguments: ["--corpus", Fixtures.timeMachineURL.path])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 30, "training") { $0.contains("running") }
        try session.send(["C-c"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "130")
        #expect(result.sttyBefore == result.sttyAfter)
        #expect(!result.screen.contains("one-hot inspector"), "the alternate screen is gone")
    }

    @Test func opensACheckpointPausedAndQuitsWithoutAsking() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let session = try TmuxSession(width: 120, height: 40, arguments: [
            "--corpus", Fixtures.timeMachineURL.path, "--checkpoint", package.appendingPathComponent("assets/d2l-rnn.safetensors").path,
            "--epochs", "1000",
        ])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 30, "the opened model, paused, with its perplexities") { screen in
            screen.contains("paused") && screen.contains("epoch 100/1000") && screen.contains("train ppl")
        }
        try session.send(["q"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0", "nothing changed, so q does not ask to save")
        #expect(result.sttyBefore == result.sttyAfter)
    }

    @Test func aGRUShowsItsGateGroupsAndJumpsBetweenThem() throws {
        let session = try TmuxSession(width: 120, height: 40, arguments: [
            "--corpus", Fixtures.timeMachineURL.path, "--cell", "gru", "--epochs", "2",
        ])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 30, "the GRU's state groups, the cursor's value and one strip per input matrix") { screen in
            screen.contains("hidden states z r h · 96 rows × 18 steps") && screen.contains("z │  0")
                && screen.contains("update gate z · unit 0, step 1 't' (index 21): ")
                && screen.contains("W_xz ") && screen.contains("W_xr ") && screen.contains("W_xh ")
        }
        try session.send(["Tab", "}"])
        _ = try session.waitForScreen(seconds: 30, "the reset gate after }") { screen in
            screen.contains("reset gate r · unit 0, step 1 't' (index 21): ") && screen.contains("r │  0")
        }
        try session.send(["}"])
        _ = try session.waitForScreen(seconds: 30, "the hidden state after }") { $0.contains("hidden state h · unit 0, step 1 't'") }
        try session.send(["q"])
        _ = try session.waitForScreen(seconds: 30, "the save question") { $0.contains("save before quitting?") }
        try session.send(["n"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0")
        #expect(result.sttyBefore == result.sttyAfter)
    }

    @Test func compareDrawsTheOtherRunsCurvesAndReportsBadPaths() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let metrics = folder.appendingPathComponent("base.jsonl")
        let lines = (1...5).map { EpochMetrics(epoch: $0, step: $0, trainLoss: 3 - 0.1 * Double($0), valLoss: 3.1 - 0.1 * Double($0), tokensPerSecond: 1, elapsedSeconds: 1).jsonLine }
        try lines.joined(separator: "\n").write(to: metrics, atomically: true, encoding: .utf8)
        let session = try TmuxSession(width: 120, height: 40, arguments: [
            "--corpus", Fixtures.timeMachineURL.path, "--epochs", "1", "--compare", metrics.path,
        ])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 30, "the compared run's legend and the note") { screen in
            screen.contains("curves · y linear · raw · vs base") && screen.contains("⠤⠤ base: train 2.5") && screen.contains("⠤⠤ base: val 2.6")
                && screen.contains("comparing with base: 5 epochs from \(metrics.path)")
        }
        try session.send([":"])
        try session.send(["-l", "compare /nonexistent/x.jsonl"])
        try session.send(["Enter"])
        _ = try session.waitForScreen(seconds: 30, "the load error") { $0.contains("compare: no such file: /nonexistent/x.jsonl") }
        try session.send([":"])
        try session.send(["-l", "compare off"])
        try session.send(["Enter"])
        _ = try session.waitForScreen(seconds: 30, "the comparison gone") { screen in
            screen.contains("comparison with base cleared") && !screen.contains("base: val")
        }
        try session.send(["q"])
        _ = try session.waitForScreen(seconds: 30, "the save question") { $0.contains("save before quitting?") }
        try session.send(["n"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0")
    }

    @Test func refusesToRunWithoutATerminal() throws {
        let r = try ChildProcess.run([])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "charrnn: the TUI needs a terminal; use 'charrnn train' for headless training\n")
    }
}
