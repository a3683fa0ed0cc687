import CharRNN
@testable import CharRNNTerminal
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing

/// Run comparison: loading another run's curves from a metrics file or a
/// checkpoint, drawing them on the same axes, and the errors that keep the TUI running.
@Suite struct TUICompareTests {
    /// `count` epochs of a run whose losses fall from `start` by `drop` an epoch.
    /// The validation loss is `gap` above the training loss.
    static func history(_ count: Int, start: Double, drop: Double, gap: Double = 0.1) -> [EpochMetrics] {
        (1...count).map {
            EpochMetrics(
                epoch: $0, step: 10 * $0, trainLoss: start - drop * Double($0), valLoss: start + gap - drop * Double($0),
                tokensPerSecond: 1e6, elapsedSeconds: Double($0))
        }
    }

    /// Writes `lines` to `name` in a fresh folder.
    static func file(_ name: String, _ text: String) throws -> (URL, URL) {
        let folder = try Fixtures.temporaryDirectory()
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return (url, folder)
    }

    @Test func aMetricsFileLoadsWithTheFileNameAsItsName() throws {
        let history = Self.history(4, start: 3, drop: 0.2)
        var text = history.map(\.jsonLine).joined(separator: "\n") + "\n\n"
        text += #"{"epoch":5,"step":50,"train_loss":null,"train_ppl":null,"val_loss":null,"val_ppl":null,"tokens_per_s":1,"elapsed_s":5}"# + "\n"
        let (url, folder) = try Self.file("base.jsonl", text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try ComparedRun.load(url)
        #expect(run.name == "base" && run.path == url.path)
        #expect(Array(run.history.prefix(4)) == history)
        #expect(run.history.count == 5 && run.history[4].trainLoss.isNaN && run.history[4].valLoss == nil, "a diverged epoch breaks the curve")
    }

    @Test func aCheckpointLoadsItsHistory() throws {
        let session = try TUIFixtures.tinySession(epochs: 2)
        try session.train(toEpoch: 2)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("small run.safetensors")
        try session.run(.save(url))
        let run = try ComparedRun.load(url)
        #expect(run.name == "small run")
        #expect(run.history == session.state().training.history)
        #expect(run.history.count == 2)
    }

    @Test func loadErrorsReadAsOneLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func error(_ url: URL) -> String {
            do { _ = try ComparedRun.load(url); return "loaded" } catch { return error.description }
        }
        let missing = folder.appendingPathComponent("nope.jsonl")
        #expect(error(missing) == "compare: no such file: \(missing.path)")
        #expect(error(folder) == "compare: cannot read \(folder.path): it is a directory")

        let bad = folder.appendingPathComponent("bad.jsonl")
        try (Self.history(1, start: 3, drop: 0.1)[0].jsonLine + "\n{\"epoch\": 2, \"train_loss\": \n").write(to: bad, atomically: true, encoding: .utf8)
        #expect(error(bad) == "compare: \(bad.path) line 2 is not a metrics record (charrnn train --metrics writes them)")
        let noLoss = folder.appendingPathComponent("other.jsonl")
        try #"{"epoch": 1}"#.write(to: noLoss, atomically: true, encoding: .utf8)
        #expect(error(noLoss).hasSuffix("line 1 is not a metrics record (charrnn train --metrics writes them)"))
        let empty = folder.appendingPathComponent("empty.jsonl")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        #expect(error(empty) == "compare: \(empty.path) has no finished epochs")

        let session = try TUIFixtures.tinySession()
        let checkpoint = folder.appendingPathComponent("ck.safetensors")
        try session.run(.save(checkpoint))
        #expect(error(checkpoint) == "compare: \(checkpoint.path) has no finished epochs", "a checkpoint before its first epoch")
        var data = try Data(contentsOf: checkpoint)
        data[data.count - 3] ^= 0xFF
        try data.write(to: checkpoint)
        let damaged = error(checkpoint)
        #expect(damaged.hasPrefix("compare: checkpoint '\(checkpoint.path)': data check failed"), "\(damaged)")
        #expect(!damaged.contains("\n"))
        let text = folder.appendingPathComponent("notes.txt")
        try "hello".write(to: text, atomically: true, encoding: .utf8)
        #expect(error(text).hasPrefix("compare: checkpoint '\(text.path)': "))
    }

    /// A state with a falling history of 10 epochs and, when given, a compared run.
    static func state(comparing run: ComparedRun?, width: Int = 120, height: Int = 40) throws -> AppState {
        var state = try TUIFixtures.state(width: width, height: height)
        state.snapshot.history = history(10, start: 3.3, drop: 0.2)
        state.snapshot.stepLosses = (1...100).map { (x: Double($0) / 10, loss: 3.4 - 0.02 * Double($0)) }
        state.snapshot.epoch = 10
        state.snapshot.targetEpoch = 100
        state.comparison = run
        return state
    }

    @Test func theComparedRunIsDrawnInItsOwnColoursWithItsOwnLegend() throws {
        // The compared run is worse and longer: its curves lie above, out to epoch 40.
        let run = ComparedRun(name: "base", path: "/x/base.jsonl", history: Self.history(40, start: 4.2, drop: 0.02, gap: 0.4))
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            let state = try Self.state(comparing: run, width: width, height: height)
            let buffer = AppView.render(state)
            let inner = state.layout.inner(.curves)
            let area = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
            #expect(buffer.line(state.layout.curves.y).contains("curves · raw · vs base"))
            let charts = CurvesView.charts(.both, in: area)
            #expect(!charts.isEmpty)
            for (_, rect) in charts {
                // Below the legend, whose markers are braille too.
                let dots = buffer.braillePositions(in: Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 2))
                let val = dots.filter { buffer[$0.x, $0.y].style.foreground == CurvesView.comparedValidationColor }
                let train = dots.filter { buffer[$0.x, $0.y].style.foreground == CurvesView.comparedTrainColor }
                #expect(val.count >= 5 && train.count >= 5, "compared curves at \(width)×\(height)")
                let mine = dots.filter { [CurvesView.trainColor, CurvesView.validationColor].contains(buffer[$0.x, $0.y].style.foreground) }
                #expect(!mine.isEmpty)
                #expect((val.map(\.x).max() ?? 0) > (mine.map(\.x).max() ?? 0) + 5, "x is in epochs: the longer run reaches further right at \(width)×\(height)")
                let legend = buffer.rows(in: rect).prefix(3).joined(separator: "\n")
                #expect(legend.contains("⠤⠤ base: train") && legend.contains("⠤⠤ base: val"), "\(legend)")
            }
        }
        var state = try Self.state(comparing: run, width: 200, height: 60)
        let text = AppView.render(state).text
        #expect(text.contains("⠤⠤ base: val 3.8"), "the loss chart's legend ends on the run's last val loss: \(text)")
        state.curves.charts = .perplexity
        #expect(AppView.render(state).text.contains("⠤⠤ base: val 44.7"), "and the perplexity chart on its exp")

        let alone = AppView.render(try Self.state(comparing: nil))
        #expect(!alone.text.contains("base:"))
        #expect(alone.cells.allSatisfy { $0.style.foreground != CurvesView.comparedValidationColor })
    }

    @Test func compareIsTheTUIsOwnCommand() throws {
        var state = try TUIFixtures.state()
        state.press(.character(":"))
        state.type("compare ~/runs/base.jsonl")
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        #expect(state.press(.enter) == [.loadComparison(URL(fileURLWithPath: home + "/runs/base.jsonl"))], "never sent to the REPL")
        state.press(.character(":"))
        state.type("compare \"my run.jsonl\"")
        #expect(state.press(.enter) == [.loadComparison(URL(fileURLWithPath: "my run.jsonl"))])
        state.press(.character(":"))
        state.type("compare")
        #expect(state.press(.enter).isEmpty)
        #expect(state.message?.text.hasPrefix("usage: compare PATH") == true)
        state.comparison = ComparedRun(name: "base", path: "/x/base.jsonl", history: Self.history(2, start: 3, drop: 0.1))
        state.press(.character(":"))
        state.type("compare off")
        #expect(state.press(.enter).isEmpty)
        #expect(state.comparison == nil)
        #expect(state.message == StatusMessage("comparison with base cleared"))
        state.press(.character(":"))
        state.type("comparex")
        #expect(state.press(.enter) == [.runCommand("comparex")], "other words go to the interpreter")

        state.press(.character("c"))
        #expect(state.commandLine?.string == "compare ", "c opens the command line ready for a path")
    }

    @Test func theAppLoadsAndClearsComparisonsAndKeepsRunningOnErrors() throws {
        let history = Self.history(3, start: 3, drop: 0.1)
        let (url, folder) = try Self.file("base.jsonl", history.map(\.jsonLine).joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.jsonl")
        try "{oops".write(to: broken, atomically: true, encoding: .utf8)

        let failing = TUIFixtures.app(try TUIFixtures.trainedSession(), comparePath: broken)
        #expect(failing.state.comparison == nil)
        #expect(failing.state.message == StatusMessage("compare: \(broken.path) line 1 is not a metrics record (charrnn train --metrics writes them)", isError: true))
        #expect(AppView.render(failing.state).line(39).hasPrefix("compare: \(broken.path) line 1"))
        failing.press(.character("n"))
        #expect(failing.state.prompt.generated.count == 1, "still running")

        let app = TUIFixtures.app(try TUIFixtures.trainedSession(), comparePath: url)
        #expect(app.state.comparison?.history == history)
        #expect(app.state.message == StatusMessage("comparing with base: 3 epochs from \(url.path)"))
        app.press(.character(":"))
        app.type("compare " + folder.appendingPathComponent("missing.jsonl").path)
        app.press(.enter)
        #expect(app.state.message?.isError == true)
        #expect(app.state.message?.text == "compare: no such file: \(folder.appendingPathComponent("missing.jsonl").path)")
        #expect(app.state.comparison?.history == history, "a failed load keeps the comparison shown")
        app.press(.character(":"))
        app.type("compare off")
        app.press(.enter)
        #expect(app.state.comparison == nil)
        #expect(!app.state.quitting)
    }
}
