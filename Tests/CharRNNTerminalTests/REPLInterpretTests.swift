import CharRNN
import CharRNNTestSupport
import Foundation
import TerminalKit
import Testing
@testable import CharRNNTerminal

/// `activations`, `units`, `saliency`, `match`, `samples` and `histograms` at
/// the REPL on the committed checkpoint: the formats scripts read, and the
/// coloured text a terminal shows.
@Suite struct REPLInterpretTests {
    @Test func activationsPrintStepTokenAndValue() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        defer { repl.session.close() }
        let r = repl.execute("activations 5 \"the time\"")
        #expect(r.failure == nil, "\(r.failure ?? "")")
        guard case .traced(let trace, _) = repl.session.perform(.trace("the time")) else { Issue.record("no trace"); return }
        let h = try #require(trace.groups.last)
        #expect(r.texts == "the time".enumerated().map { t, ch in "\(t)\t\(ch)\t\(String(format: "%.6f", h.value(step: t, unit: 5)))" })
        // The default text: 2,000 steps of the validation part; STATE named.
        let long = repl.execute("activations 0 h")
        #expect(long.failure == nil && long.texts.count == 2_000)
        #expect(repl.execute("activations 32 \"x\"").failure?.hasPrefix("UNIT must be at most 31") == true)
        #expect(repl.execute("activations 0 q \"x\"").failure?.hasPrefix("no state \"q\" (states: h)") == true)
    }

    @Test func activationsOnATerminalAreColouredAndWrapped() throws {
        let repl = try REPLFixture.checkpointInterpreter(style: .color)
        defer { repl.session.close() }
        repl.width = 10
        let r = repl.execute("activations 5 \"the time traveller\"")
        #expect(r.failure == nil)
        // Title, legend, then 18 characters in rows of 10, each over its shades.
        #expect(r.texts.count == 6 && r.texts[2] == "the time t" && r.texts[4] == "raveller")
        #expect(r.lines[2].spans.count == 10 && r.lines[2].spans.allSatisfy { $0.style.background != nil })
        guard case .traced(let trace, _) = repl.session.perform(.trace("the time traveller")) else { Issue.record("no trace"); return }
        let h = try #require(trace.groups.last)
        #expect(r.texts[3] + r.texts[5] == String((0..<18).map { Palette.diverging.shade(for: Double(h.value(step: $0, unit: 5)), unicode: true) }))
    }

    @Test func activationsWriteAPage() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        defer { repl.session.close() }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("u.html").path
        let r = repl.execute("activations 5 \"the time\" --html \(page)")
        #expect(r.failure == nil && r.texts == ["wrote \(page): unit 5 of h over the typed text"])
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("<!DOCTYPE html>"))
    }

    @Test func unitsRankByAbsoluteR() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        defer { repl.session.close() }
        let r = repl.execute("units space 5")
        #expect(r.failure == nil && r.texts.count == 5)
        let rs = try r.texts.map { line in
            let fields = line.split(separator: "\t")
            try #require(fields.count == 3 && fields[0] == "h" && Int(fields[1]) != nil)
            return try #require(Double(fields[2]))
        }
        #expect(rs.map(abs) == rs.map(abs).sorted(by: >))
        #expect(r.texts.allSatisfy { $0.split(separator: "\t")[2].split(separator: ".").last?.count == 4 })
        #expect(repl.execute("units /[aeiou]/ 2").texts.count == 2)
        #expect(repl.execute("units newline").failure?.contains("needs raw text") == true)
        #expect(repl.execute("units spaces").failure?.hasPrefix("unknown feature \"spaces\"") == true)
    }

    @Test func saliencyPrintsAScorePerPrefixToken() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        defer { repl.session.close() }
        let r = repl.execute("saliency \"time travelle\" r")
        #expect(r.failure == nil)
        guard case .saliency(let s) = repl.session.perform(.saliency(prefix: "time travelle", next: "r")) else { Issue.record("no saliency"); return }
        #expect(r.texts == zip("time travelle", s.scores).enumerated().map { t, p in "\(t)\t\(p.0)\t\(String(format: "%.6f", p.1))" })
    }

    @Test func matchListsSpansOfTheProbeSelection() throws {
        let repl = try REPLFixture.checkpointInterpreter()
        defer { repl.session.close() }
        #expect(repl.execute("match 0 2").failure?.hasPrefix("no probe text") == true)
        #expect(repl.execute("step \"the time traveller\"").failure == nil)
        let r = repl.execute("match 3 3 0.3")
        #expect(r.failure == nil, "\(r.failure ?? "")")
        #expect(r.texts.first?.hasPrefix("units of h above 0.3 over steps 3…3 \" \": ") == true)
        #expect(r.texts.count >= 3 && r.texts.count <= 22)
        #expect(r.texts.dropFirst(2).allSatisfy { $0.contains("[") && $0.split(separator: "\t").count == 5 })
    }

    @Test func samplesAndHistogramsAfterTraining() throws {
        var config = REPLFixture.smallConfig
        config.epochs = 2
        let session = try Session.open(config: config, corpus: .file(Fixtures.timeMachineURL.path), checkpoint: nil).session
        let repl = REPLFixture.interpreter(session)
        defer { session.close() }
        #expect(repl.execute("samples").texts == ["no samples yet; training takes them (--sample-every)"])
        #expect(repl.execute("train").failure == nil)
        let samples = repl.execute("samples").texts
        #expect(samples.count == 2 && samples[1].hasPrefix("sample at epoch 2: time traveller"))
        let h = repl.execute("histograms")
        #expect(h.failure == nil)
        #expect(h.texts.first == "epoch 2, step \(session.state().training.step); gradient of step \(session.state().training.step)")
        #expect(h.texts.contains { $0.hasPrefix("W_xh 28×16") })
        #expect(h.texts.filter { $0.hasPrefix("  weights   [") }.count == 5)
        #expect(h.texts.filter { $0.hasPrefix("  norm by epoch 1…2  weights ") && $0.contains(" gradient ") }.count == 5)
        #expect(CommandInterpreter.sparkline([0, 1, 2, .nan, 7]) == "▁▂▃·█")
    }
}

/// The README's capture of `units`, `activations` and `saliency` on a
/// terminal is what the REPL prints for the shipped asset at 90 columns
/// (colours aside): a remade asset fails here until the README follows it.
@Suite struct READMECaptureTests {
    @Test func theUnderstandingCaptureIsCurrent() throws {
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Understanding the model").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```\n").dropFirst().first)
        var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let repl = try REPLFixture.checkpointInterpreter(style: .color, scriptMode: false)
        defer { repl.session.close() }
        repl.width = 90
        var commands = 0
        var i = 0
        while i < lines.count {
            let command = try #require(lines[i].hasPrefix("charrnn> ") ? String(lines[i].dropFirst(9)) : nil, "line \(i): \(lines[i])")
            var expected: [String] = []
            i += 1
            while i < lines.count, !lines[i].hasPrefix("charrnn> ") { expected.append(lines[i]); i += 1 }
            let result = repl.execute(command)
            #expect(result.failure == nil, "\(command): \(result.failure ?? "")")
            // A terminal shows a tab as spaces to the next multiple of 8.
            let shown = result.texts.map(Self.expandingTabs)
            #expect(Self.matches(shown, expected), "\(command) prints:\n\(shown.joined(separator: "\n"))")
            commands += 1
        }
        #expect(commands == 3)
    }

    static func expandingTabs(_ line: String) -> String {
        var out = ""
        for ch in line {
            if ch == "\t" { out += String(repeating: " ", count: 8 - out.count % 8) } else { out.append(ch) }
        }
        return out
    }

    /// Line for line, where a `…` line stands for any lines.
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        guard let gap = expected.firstIndex(of: "…") else { return actual == expected }
        let head = Array(expected[..<gap]), tail = Array(expected[(gap + 1)...])
        return actual.count >= head.count + tail.count && Array(actual.prefix(head.count)) == head
            && matches(Array(actual.suffix(tail.count)), tail)
    }
}
