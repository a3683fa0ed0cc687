import CharRNN
import CharRNNTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The real `charrnn` binary in tmux at 120×40: training shows within 10 s,
/// the prompt steps, resizing below the minimum and back, quitting with `q`
/// and with Ctrl-C, and the terminal mode is the same before and after; a
/// GRU's gate groups, and another run's curves with `--compare`.
@Suite(.serialized, .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
struct TUIEndToEndTests {
    @Test func trainsStepsResizesAndQuitsCleanly() throws {
        let session = try TmuxSession(width: 120, height: 40, arguments: ["--corpus", Fixtures.timeMachineURL.path])
        defer { session.close() }

        let training = try session.waitForScreen(seconds: 10, "braille curves and a perplexity for epoch ≥ 1") { screen in
            screen.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF }
                && screen.range(of: #"epoch [1-9][0-9]*/100 · train ppl [0-9]+\.[0-9]+"#, options: .regularExpression) != nil
        }
        #expect(training.contains("curves"))

        try session.send(["Tab", "Tab", "C-u"])
        try session.send(["-l", "it has"])
        try session.send(["Enter", "Enter", "Enter"])
        let stepped = try session.waitForScreen(seconds: 30, "three steps after 'it has'") { screen in
            screen.contains("step 3: '") && screen.contains("× 9 steps")
        }
        let textLine = try #require(stepped.split(separator: "\n").first { $0.contains("it has") })
        let after = textLine.components(separatedBy: "it has")[1]
        #expect(after.count >= 3)
        let bars = stepped.split(separator: "\n").filter { $0.contains("█") && $0.contains("%") }
        #expect(bars.count >= 5, "a top-k list under the step: \(stepped)")

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
        let screen = try session.waitForScreen(seconds: 30, "the opened model, paused") { $0.contains("paused") && $0.contains("epoch 100/1000") }
        #expect(screen.contains("train ppl"))
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
        let screen = try session.waitForScreen(seconds: 30, "the GRU's state groups") { screen in
            screen.contains("hidden states z r h · 96 rows × 18 steps") && screen.contains("z │  0")
        }
        #expect(screen.contains("update gate z · unit 0, step 1 't' (index 21): "), "\(screen)")
        #expect(screen.contains("W_xz ") && screen.contains("W_xr ") && screen.contains("W_xh "), "one strip per input matrix")
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
        let screen = try session.waitForScreen(seconds: 30, "the compared run's legend") { screen in
            screen.contains("curves · y linear · raw · vs base") && screen.contains("⠤⠤ base: train 2.5") && screen.contains("⠤⠤ base: val 2.6")
        }
        #expect(screen.contains("comparing with base: 5 epochs from \(metrics.path)"))
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

    /// `charrnn --hidden 1024` with `:eval` running: the evaluation (seconds at
    /// this size) runs off the UI thread, so keys are answered at once, the
    /// screen says it is running, and the result shows when it is done.
    ///
    /// The 100 ms bound (from the key sent to the changed screen, tmux's own
    /// round trip included) holds for the release build; the debug build's
    /// front end is unoptimised, so without a release binary as new as the
    /// sources the bound is 1 s, still far below the evaluation's length.
    @Test func evalAtH1024RunsOffTheUIThread() throws {
        let (binary, bound) = Self.fastestBinary()
        let corpus = Fixtures.timeMachineURL.path
        let session = try TmuxSession(width: 120, height: 40) { folder in
            // A fifth of the validation windows keeps the evaluation at seconds, not a minute.
            "cd '\(folder.path)' && '\(binary.path)' --corpus '\(corpus)' --hidden 1024 --num-val 1000; echo CHARRNN-E2E-DONE; sleep 120"
        }
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 60, "training at H=1024") { $0.contains("running") && $0.contains("H=1024") }
        try session.send([":"])
        try session.type("eval")
        try session.send(["Enter"])
        _ = try session.waitForScreen(seconds: 30, "eval running") { $0.contains("eval running… (Esc cancels)") }

        var slowest = Duration.zero
        // Each key changes the curves pane's title: log scale, back to linear, EMA on, off.
        for (key, title) in [("L", "curves · y log"), ("L", "curves · y linear"), ("E", "y linear · EMA"), ("E", "y linear · raw")] {
            let start = ContinuousClock.now
            try session.send([key])
            var screen = try session.screen()
            // A tight loop: the 50 ms pause of waitForScreen would swamp the figure.
            while !screen.contains(title) {
                guard ContinuousClock.now - start < .seconds(10) else { throw TmuxSession.Failure(description: "no '\(title)' after \(key):\n\(screen)") }
                screen = try session.screen()
            }
            slowest = max(slowest, ContinuousClock.now - start)
            #expect(screen.contains("eval running… (Esc cancels)"), "the key came while the evaluation ran")
        }
        #expect(slowest < bound, "slowest key: \(slowest) (bound \(bound), \(binary.path))")

        let done = try session.waitForScreen(seconds: 600, "the evaluation's result") { $0.contains("val loss ") }
        #expect(done.contains("at epoch 0, step ") && !done.contains("eval running"))
        try session.send(["q"])
        _ = try session.waitForScreen(seconds: 30, "the save question") { $0.contains("save before quitting?") }
        try session.send(["n"])
        _ = try session.waitForScreen(seconds: 120, "exit") { $0.contains("CHARRNN-E2E-DONE") }
    }

    /// The release `charrnn` when it is newer than every source file (the
    /// figure to hold to 100 ms), else the one beside the tests with a 1 s bound.
    static func fastestBinary() -> (URL, Duration) {
        let release = Fixtures.packageRoot.appendingPathComponent(".build/release/charrnn")
        let fileManager = FileManager.default
        func modified(_ url: URL) -> Date? { (try? fileManager.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date }
        let sources = fileManager.enumerator(at: Fixtures.packageRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)?
            .compactMap { ($0 as? URL).flatMap(modified) }.max() ?? .distantFuture
        if let built = modified(release), built > sources { return (release, .milliseconds(100)) }
        return (TmuxSession.binary()!, .seconds(1))
    }

    @Test func refusesToRunWithoutATerminal() throws {
        let binary = try #require(TmuxSession.binary())
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, message) = try Spawn.run(binary.path, [], outputTo: folder.appendingPathComponent("output"))
        #expect(status == 1)
        #expect(message == "charrnn: the TUI needs a terminal; use 'charrnn train' for headless training\n")
    }
}
