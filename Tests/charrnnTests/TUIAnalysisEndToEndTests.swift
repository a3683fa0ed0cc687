import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// The real binary in tmux at 160×48 on the trained model: the heatmap shows
/// all 32 units at once, and each analysis view opens by its key and closes with Esc.
@Suite(.serialized, .enabled(if: TmuxSession.tmuxPath != nil, "tmux is not installed"))
struct TUIAnalysisEndToEndTests {
    @Test func theHeatmapShowsEveryUnitAndEachViewOpens() throws {
        let checkpoint = Fixtures.packageRoot.appendingPathComponent("assets/d2l-rnn.safetensors")
        let session = try TmuxSession(width: 160, height: 48, arguments: [
            "--corpus", Fixtures.timeMachineURL.path, "--checkpoint", checkpoint.path,
        ])
        defer { session.close() }
        _ = try session.waitForScreen(seconds: 30, "the heatmap, units 0 to 30 numbered every fourth, two a line") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            guard let top = lines.firstIndex(where: { $0.contains("hidden state h · 32 units") }) else { return false }
            let numbers = (0..<8).map { lines.count > top + 1 + 2 * $0 ? lines[top + 1 + 2 * $0].dropFirst().prefix(2) : "" }
            return numbers == [" 0", " 4", " 8", "12", "16", "20", "24", "28"].map { Substring($0) }
                && lines.count > top + 18 && lines[top + 16].contains("▀") && lines[top + 18].contains("+1")
        }
        let views: [(key: String, title: String, body: String)] = [
            ("a", "activations · unit 0 of h", "validation text (2000 tokens) · epoch 100"),
            ("u", "units · space", "Pearson r of every unit with space"),
            ("x", "saliency", "∂ log p("),
            ("m", "match · steps 1…1", "spans in"),
            ("t", "training samples", "sample"),
            ("H", "histograms", "weights and last gradients"),
        ]
        for view in views {
            try session.send([view.key])
            _ = try session.waitForScreen(seconds: 30, "the \(view.title) view") { $0.contains(view.title) && $0.contains(view.body) }
            try session.send(["Escape"])
            _ = try session.waitForScreen(seconds: 30, "the panes after \(view.title)") { $0.contains("one-hot inspector") }
        }
        try session.send(["q"])
        let result = try session.waitForExit(seconds: 30)
        #expect(result.status == "0")
    }
}
