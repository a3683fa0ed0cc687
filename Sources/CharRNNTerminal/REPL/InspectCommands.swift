import CharRNN
import Foundation
import TerminalKit

/// `onehot`, `hidden`, `vocab` and `weights`.
extension CommandInterpreter {
    func onehotCommand(_ args: ParsedArguments) throws -> Plan {
        let text = try ArgumentValue.text(args[0] ?? "", name: "TEXT")
        let vocabulary = session.state().vocabulary
        let encoded = vocabulary.encode(text)
        let v = vocabulary.count
        let matrix = Embedding.oneHot(encoded.ids, vocabularySize: v)
        let scalars = Array(text.unicodeScalars)
        let indexWidth = String(v - 1).count
        let labelWidth = 1 + 2 + indexWidth
        var lines = OutputText.unknownNote(encoded)
        lines.append(OutputLine("one-hot: \(encoded.ids.count) steps × \(v) tokens"))
        let header = vocabulary.tokens.map { OutputText.cellToken($0) }.joined(separator: " ")
        lines.append(OutputLine(String(repeating: " ", count: labelWidth + 2) + header, style: style == .color ? .bold : .plain))
        for (t, id) in encoded.ids.enumerated() {
            let ch = OutputText.cellToken(String(scalars[t]))
            let label = ch + "  " + String(repeating: " ", count: indexWidth - String(id).count) + String(id) + "  "
            var spans = [OutputLine.Span(label, style: style == .color ? .bold : .plain)]
            for j in 0..<v {
                let one = matrix[t * v + j] == 1
                if j > 0 { spans.append(OutputLine.Span(" ")) }
                spans.append(OutputLine.Span(one ? "1" : "0", style: style == .color ? (one ? .reverse : .dim) : .plain))
            }
            lines.append(OutputLine(spans: spans))
        }
        return Self.lines(lines)
    }

    func hiddenCommand(_ args: ParsedArguments) throws -> Plan {
        let text = try ArgumentValue.text(args[0] ?? "", name: "TEXT")
        // Every state group is H units wide.
        let unit = try args[keyword: "unit"].map { u throws(CommandFailure) in
            try ArgumentValue.integer(u, name: "unit U", minimum: 0, maximum: session.state().model.hidden - 1)
        } ?? 0
        return ask(.trace(text)) { reply in
            guard case .traced(let trace, let encoded) = reply else { return CommandResult() }
            return self.hiddenLines(trace, text: text, encoded: encoded, unit: unit)
        }
    }

    /// A heatmap of each state group, then the values of one unit at each step.
    private func hiddenLines(_ trace: HiddenTrace, text: String, encoded: EncodedPrompt, unit: Int) -> CommandResult {
        let labels = text.unicodeScalars.map { OutputText.cellToken(String($0)) }
        let inputs = text.unicodeScalars.map { TokenGlyph.label(String($0)) }
        var lines = OutputText.unknownNote(encoded)
        let heatmap = TextHeatmap(style: style)
        for group in trace.groups {
            let name = OutputText.stateName(group, layers: trace.layers)
            lines += heatmap.lines(group: group, name: name, columnLabels: labels)
            if unit < group.width {
                lines.append(OutputLine(""))
                lines.append(OutputLine("unit \(unit) of \(name):"))
                var table = TextTable([("step", .right), ("input", .left), ("value", .right)], indent: "  ")
                for t in 0..<trace.steps {
                    table.add(["\(t)", inputs[t], NumberFormat.fixed(group.value(step: t, unit: unit), 6)])
                }
                lines += table.lines(style: style)
            }
        }
        return CommandResult(lines: lines)
    }

    func vocabCommand(_ args: ParsedArguments) throws -> Plan {
        let state = session.state()
        let vocabulary = state.vocabulary
        let frequencies = state.frequencies
        var table = TextTable([("index", .right), ("token", .left), ("frequency", .right)])
        for (i, token) in vocabulary.tokens.enumerated() {
            table.add(["\(i)", OutputText.token(token, unknown: token), NumberFormat.grouped(frequencies[i])])
        }
        let total = frequencies.reduce(0, +)
        return Self.lines(table.lines(style: style) + [OutputLine("\(vocabulary.count) tokens, \(NumberFormat.grouped(total)) in the corpus")])
    }

    func weightsCommand(_ args: ParsedArguments) throws -> Plan {
        let params = session.state().training.params
        let specs = params.layout.specs
        var chosen = specs
        if let name = args[0] {
            guard let spec = specs.first(where: { $0.name == name }) else {
                let names = specs.map(\.name)
                let hint = Suggestions.didYouMean(name, among: names).map { "; \($0)" } ?? ""
                throw CommandFailure.usage("no tensor \"\(name)\"\(hint) (tensors: \(names.joined(separator: ", ")))")
            }
            chosen = [spec]
        }
        var table = TextTable([
            ("tensor", .left), ("shape", .left), ("mean", .right), ("std", .right), ("min", .right), ("max", .right), ("norm", .right),
        ])
        for spec in chosen {
            let s = ValueDistribution(params.storage[params.layout.range(of: spec.name)], bins: 1)
            // A tensor with a non-finite value has no finite statistics.
            let shown = { (x: Double) in NumberFormat.fixed(s.nonFinite > 0 ? .nan : x, 4) }
            table.add([
                spec.name, spec.shape.map(String.init).joined(separator: "×"),
                shown(s.mean), shown(s.std), shown(s.lower), shown(s.upper), shown(s.norm),
            ])
        }
        var lines = table.lines(style: style)
        if chosen.count > 1 {
            lines.append(OutputLine("\(NumberFormat.grouped(params.storage.count)) parameters, global norm \(NumberFormat.fixed(params.norm, 4))"))
        }
        return Self.lines(lines)
    }
}

extension OutputText {
    /// A token in exactly one column, as grids need: `␠` for a space, `?` for
    /// `<unk>`, else the TUI's one-cell stand-ins (`↵`, `◌́`, `▯` for a wide
    /// character; see `TokenGlyph`), so wide CJK or emoji tokens cannot shift a row.
    static func cellToken(_ token: String) -> String {
        token == " " ? "␠" : String(TokenGlyph.cell(token: token))
    }

    /// `h`, `layer 2 h`, `z (update gate)`, `layer 1 c (cell state)`: a state group as the REPL names it.
    static func stateName(_ group: HiddenTrace.Group, layers: Int) -> String {
        (layers > 1 ? "layer \(group.layer + 1) " : "") + group.kind.symbol + (group.kind == .hidden ? "" : " (\(group.kind.role))")
    }
}
