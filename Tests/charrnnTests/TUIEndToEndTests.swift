import CharRNNTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// The real `charrnn` binary in tmux at 120×40: training shows within 10 s,
/// the prompt steps, resizing below the minimum and back, quitting with `q`
/// and with Ctrl-C, and the terminal mode is the same before and after.
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

    @Test func refusesToRunWithoutATerminal() throws {
        let binary = try #require(TmuxSession.binary())
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, message) = try Spawn.run(binary.path, [], outputTo: folder.appendingPathComponent("output"))
        #expect(status == 1)
        #expect(message == "charrnn: the TUI needs a terminal; use 'charrnn train' for headless training\n")
    }
}
