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
/// GRU's gate groups, and another run's curves with `--compare`; a finished
/// run's charts at 80×24 and 120×40.
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
            screen.contains("curves · raw · vs base") && screen.contains("⠤⠤ base: train") && screen.contains("⠤⠤ base: val")
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

    @Test func aFinishedRunFillsItsChartsAt80x24And120x40() throws {
        let session = try TmuxSession(width: 80, height: 24, arguments: ["--corpus", Fixtures.timeMachineURL.path, "--epochs", "12"])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 120, "the run done") { $0.split(separator: "\n").first?.contains("· done") == true }
        try expectFilledCharts(session, width: 80, height: 24, charts: 1)
        try session.resize(width: 120, height: 40)
        _ = try session.waitForScreen(seconds: 30, "the larger screen") { $0.split(separator: "\n").count >= 40 && $0.contains("one-hot inspector · V=28 · H=32") }
        try expectFilledCharts(session, width: 120, height: 40, charts: 2)
        try session.send(["L"])
        _ = try session.waitForScreen(seconds: 30, "the other scales") { $0.contains("loss · log y") }
        try expectFilledCharts(session, width: 120, height: 40, charts: 2)
        try session.send(["q"])
        _ = try session.waitForScreen(seconds: 30, "the save question") { $0.contains("save before quitting?") }
        try session.send(["n"])
        #expect(try session.waitForExit(seconds: 30).status == "0")
    }

    /// The screen after a 12-epoch run: in each chart the highest and lowest
    /// train points (cyan) in the top and bottom quarter of the plot, x
    /// labelled from 0 to 12; the status and key lines whole.
    func expectFilledCharts(_ session: TmuxSession, width: Int, height: Int, charts count: Int) throws {
        let rows = try session.cells()
        let text = rows.map { String($0.map(\.character)) }
        let context = "\(width)×\(height):\n" + text.joined(separator: "\n")
        // The focused curves pane: ┏ at the top left, ┓ at its right, ┗ at its bottom.
        let right = try #require(text[1].firstIndex(of: "┓").map { text[1].distance(from: text[1].startIndex, to: $0) }, "\(context)")
        let bottom = try #require(text.indices.first { $0 > 1 && text[$0].first == "┗" }, "\(context)")
        let inner = right - 1
        let columns = count == 1 ? [(1, right)] : [(1, 1 + (inner - 1) / 2), (2 + (inner - 1) / 2, right)]
        #expect(text[2].hasPrefix("┃epoch 12/12 · "), "\(context)")
        for (x0, x1) in columns {
            let chart = try #require(ChartOnScreen(rows, columns: x0, x1, rows: 3, bottom), "\(context)")
            let train = try #require(chart.extremes(foreground: 6), "cyan train dots: \(context)")
            #expect(train.highest <= 0.25 && train.lowest >= 0.75, "\(train) \(context)")
            #expect(chart.xLabels.statusWords.first == "0" && chart.xLabels.statusWords.last == "12", "\(chart.xLabels) \(context)")
            #expect(chart.yLabels.count >= 2, "\(context)")
        }
        let status = text[0]
        for part in [" epoch 12/12 · val ppl ", " tok/s · ", "· done", "unsaved · F1 help"] {
            #expect(status.contains(part), "\(part) in the status line: \(context)")
        }
        #expect(text[height - 1].trimmingCharacters(in: .whitespaces) == "L log/linear · space pause · Tab pane · s save · q quit · F1 more", "\(context)")
        #expect(!text.joined().contains("…"), "nothing cut: \(context)")
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
        // Each key changes the curves pane's title: EMA on, off, on, off.
        for (key, title) in [("E", "curves · EMA"), ("E", "curves · raw"), ("E", "curves · EMA"), ("E", "curves · raw")] {
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
        if let release = ChildProcess.freshReleaseCharrnn { return (release, .milliseconds(100)) }
        return (ChildProcess.charrnn, .seconds(1))
    }

    @Test func refusesToRunWithoutATerminal() throws {
        let r = try ChildProcess.run([])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "charrnn: the TUI needs a terminal; use 'charrnn train' for headless training\n")
    }
}
