import CharRNN
import Foundation
import TerminalKit

/// `activations`, `units`, `saliency`, `match`, `samples` and `histograms`.
extension CommandInterpreter {
    func activationsCommand(_ args: ParsedArguments) throws -> Plan {
        let state = session.state()
        let unit = try ArgumentValue.integer(args[0] ?? "", name: "UNIT", minimum: 0, maximum: state.model.hidden - 1)
        // A second word names a state when the model has one of that name; otherwise it is the text.
        var rest = Array(args.positional.dropFirst())
        var stateID: StateID?
        if let word = rest.first, let id = StateID(name: word, model: state.model) {
            stateID = id
            rest.removeFirst()
        } else if rest.count > 1 {
            throw CommandFailure.usage(Self.unknownState(rest[0], state.model))
        }
        let text = try analysisText(typed: rest.first, file: args[keyword: "--file"])
        let page = args[keyword: "--html"].map { URL(fileURLWithPath: $0) }
        return chain(.activations(unit: unit, state: stateID, text: text)) { reply in
            guard case .activations(let trace) = reply else { return .done(CommandResult()) }
            guard let page else { return .done(CommandResult(lines: self.activationLines(trace))) }
            return self.ask(.writeActivationPage(trace, to: page)) { _ in
                CommandResult(lines: [OutputLine("wrote \(page.path): unit \(trace.unit) of \(trace.state.name) over the \(trace.text.label)")])
            }
        }
    }

    /// On a terminal the text coloured by the value, wrapped to `width`; otherwise `t<TAB>token<TAB>value`.
    func activationLines(_ trace: ActivationTrace) -> [OutputLine] {
        guard style == .color else {
            return zip(trace.text.tokens, trace.values).enumerated().map { t, pair in
                OutputLine("\(t)\t\(Self.tabSafe(pair.0))\t\(NumberFormat.fixed(pair.1, 6))")
            }
        }
        var lines = [
            OutputLine("unit \(trace.unit) of \(trace.state.name) over the \(trace.text.label), epoch \(trace.stamp.epoch)", style: .bold),
            legend(),
        ]
        lines += coloured(trace.text.tokens, values: trace.values.map(Double.init))
        return lines
    }

    /// Tokens on backgrounds of `Palette.diverging` by value (in [-1, 1]),
    /// wrapped to `width`, each row followed by the values' shade glyphs (` ░▒▓█`),
    /// which a copy of the text or a terminal without colour still shows. A
    /// newline token ends its row.
    func coloured(_ tokens: [String], values: [Double]) -> [OutputLine] {
        let palette = Palette.diverging
        var lines: [OutputLine] = []
        var row: [OutputLine.Span] = [], shades = ""
        func endRow() {
            lines.append(OutputLine(spans: row))
            lines.append(OutputLine(shades, style: .dim))
            (row, shades) = ([], "")
        }
        for (token, value) in zip(tokens, values) {
            let shown = token == "\n" ? "↵" : token == " " ? " " : OutputText.cellToken(token)
            row.append(OutputLine.Span(shown, style: Style(background: palette.color(for: value))))
            shades.append(palette.shade(for: value, unicode: true))
            if token == "\n" || row.count >= max(1, width) { endRow() }
        }
        if !row.isEmpty { endRow() }
        return lines
    }

    private func legend() -> OutputLine {
        var spans = [OutputLine.Span("colours: -1 ")]
        for i in -6...6 { spans.append(OutputLine.Span(" ", style: Style(background: Palette.diverging.color(for: Double(i) / 6)))) }
        spans.append(OutputLine.Span(" 1"))
        return OutputLine(spans: spans)
    }

    func unitsCommand(_ args: ParsedArguments) throws -> Plan {
        let feature: TextFeature
        do { feature = try TextFeature(parsing: args[0] ?? "") } catch { throw CommandFailure.usage(error.description) }
        let count = try args[1].map { n throws(CommandFailure) in try ArgumentValue.integer(n, name: "N", minimum: 1) } ?? 10
        let text = try analysisText(typed: nil, file: args[keyword: "--file"])
        return ask(.units(feature: feature, text: text)) { reply in
            guard case .units(let ranking) = reply else { return CommandResult() }
            return CommandResult(lines: ranking.correlations.prefix(count).map { c in
                OutputLine("\(c.state.name)\t\(c.unit)\t\(c.r.map { NumberFormat.fixed($0, 4) } ?? "-")")
            })
        }
    }

    func saliencyCommand(_ args: ParsedArguments) throws -> Plan {
        let prefix = try ArgumentValue.text(args[0] ?? "", name: "PREFIX")
        return ask(.saliency(prefix: prefix, next: args[1])) { reply in
            guard case .saliency(let s) = reply else { return CommandResult() }
            var lines: [OutputLine] = []
            if self.style == .color {
                let p = NumberFormat.fixed(Foundation.exp(s.logProbability), 4)
                lines.append(OutputLine("next \(OutputText.token(s.next).debugDescription): p \(p), log p \(NumberFormat.fixed(s.logProbability, 4))", style: .bold))
                let scale = max(s.scores.map(abs).max() ?? 0, 1e-12)
                lines += self.coloured(s.prefix.tokens, values: s.scores.map { $0 / scale })
            }
            for (t, (token, score)) in zip(s.prefix.tokens, s.scores).enumerated() {
                lines.append(OutputLine("\(t)\t\(Self.tabSafe(token))\t\(NumberFormat.fixed(score, 6))"))
            }
            return CommandResult(lines: lines)
        }
    }

    func matchCommand(_ args: ParsedArguments) throws -> Plan {
        let from = try ArgumentValue.integer(args[0] ?? "", name: "FROM")
        let to = try ArgumentValue.integer(args[1] ?? "", name: "TO", minimum: from)
        let threshold = try args[2].map { t throws(CommandFailure) in
            Float(try ArgumentValue.number(t, name: "THRESHOLD", expected: "a number", accept: { _ in true }))
        } ?? 0.5
        return ask(.match(from: from, to: to, threshold: threshold, state: nil, limit: 20)) { reply in
            guard case .matches(let search) = reply else { return CommandResult() }
            var lines = [OutputLine(
                "units of \(search.state.name) above \(search.threshold) over steps \(search.from)…\(search.to) "
                    + "\(search.selection.debugDescription): \(search.units.map(String.init).joined(separator: " "))")]
            lines.append(OutputLine("\(search.found) spans of at least \(search.to - search.from + 1) steps in \(NumberFormat.grouped(Double(search.searched))) tokens"))
            for (i, m) in search.matches.enumerated() {
                let context = OutputText.visible(m.before) + "[" + OutputText.visible(m.text) + "]" + OutputText.visible(m.after)
                lines.append(OutputLine("\(i + 1)\t\(NumberFormat.fixed(m.overlap, 2))\t\(m.length)\t\(m.start)\t\(context)"))
            }
            return CommandResult(lines: lines)
        }
    }

    func samplesCommand(_ args: ParsedArguments) throws -> Plan {
        let samples = session.state().samples
        guard !samples.isEmpty else { return Self.lines([OutputLine("no samples yet; training takes them (--sample-every)")]) }
        return Self.lines(samples.map { OutputLine(ProgressPrinter.sampleLine($0.epoch, $0.text)) })
    }

    func histogramsCommand(_ args: ParsedArguments) throws -> Plan {
        ask(.histograms(bins: 16)) { reply in
            guard case .histograms(let h) = reply else { return CommandResult() }
            var lines = [OutputLine("epoch \(h.epoch), step \(h.step); gradient of step \(h.gradientStep.map(String.init) ?? "- (none yet)")")]
            for t in h.tensors {
                lines.append(OutputLine("\(t.name) \(t.shape.map(String.init).joined(separator: "×"))", style: self.style == .color ? .bold : .plain))
                lines.append(OutputLine("  weights   " + Self.histogramText(t.weights)))
                if let g = t.gradient { lines.append(OutputLine("  gradient  " + Self.histogramText(g))) }
                if let first = t.history.first, let last = t.history.last {
                    let gradients = t.history.map { $0.gradient ?? .nan }
                    lines.append(OutputLine("  norm by epoch \(first.epoch)…\(last.epoch)  weights " + Self.sparkline(t.history.map(\.weights))
                        + " \(NumberFormat.fixed(first.weights, 4)) → \(NumberFormat.fixed(last.weights, 4))  gradient " + Self.sparkline(gradients)
                        + " \(NumberFormat.fixed(gradients.first!, 4)) → \(NumberFormat.fixed(gradients.last!, 4))"))
                }
            }
            return CommandResult(lines: lines)
        }
    }

    /// `[-0.41, 0.39] ▁▂▅█▅▂▁ norm 3.1234 mean 0.0012 std 0.1234`.
    static func histogramText(_ d: ValueDistribution) -> String {
        "[\(NumberFormat.fixed(d.lower, 4)), \(NumberFormat.fixed(d.upper, 4))] " + sparkline(d.counts.map(Double.init))
            + " norm \(NumberFormat.fixed(d.norm, 4)) mean \(NumberFormat.fixed(d.mean, 4)) std \(NumberFormat.fixed(d.std, 4))"
            + (d.nonFinite > 0 ? " non-finite \(d.nonFinite)" : "")
    }

    /// One block glyph per value, from ▁ (the smallest, or 0 when all are ≥ 0)
    /// to █ (the largest); `·` for a value that is not finite (no gradient).
    static func sparkline(_ values: [Double]) -> String {
        let glyphs = Array("▁▂▃▄▅▆▇█")
        let finite = values.filter(\.isFinite)
        let lo = min(0, finite.min() ?? 0), hi = finite.max() ?? 0
        return String(values.map { v in
            guard v.isFinite else { return "·" }
            guard hi > lo else { return glyphs[0] }
            return glyphs[min(7, Int((v - lo) / (hi - lo) * 7.999))]
        })
    }

    /// The text of `activations` and `units`: typed text, a file, or the default validation text.
    private func analysisText(typed: String?, file: String?) throws(CommandFailure) -> AnalysisText {
        switch (typed, file) {
        case (let text?, nil): .text(try ArgumentValue.text(text, name: "TEXT"))
        case (nil, let path?): .file(URL(fileURLWithPath: path))
        case (nil, nil): .standard
        case (_?, _?): throw .usage("give TEXT or --file PATH, not both")
        }
    }

    static func unknownState(_ word: String, _ model: ModelConfig) -> String {
        "no state \"\(word)\" (states: \(StateID.all(of: model).map(\.name).joined(separator: ", ")))"
    }

    /// A token in one tab-separated field: newline, tab and return escaped.
    static func tabSafe(_ token: String) -> String {
        token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\r", with: "\\r")
    }
}
