import CharRNN
import Foundation
import TerminalKit

/// `predict`, `sample`, `step` and `reset`.
extension CommandInterpreter {
    static let defaultLength = 20
    static let maximumLength = 100_000
    /// Candidates `step` lists when `set top-k` is 0.
    static let defaultStepCandidates = 5

    func predictCommand(_ args: ParsedArguments) throws -> Plan {
        let prefix = try ArgumentValue.text(args[0] ?? "", name: "PREFIX")
        let count = try lengthArgument(args[1])
        return ask(.generate(prefix: prefix, count: count, settings: .greedy, seed: nil), Self.generatedLines)
    }

    func sampleCommand(_ args: ParsedArguments) throws -> Plan {
        let prefix = try ArgumentValue.text(args[0] ?? "", name: "PREFIX")
        let count = try lengthArgument(args[1])
        var settings = session.state().sampling
        settings.greedy = false
        if let t = args[keyword: "temperature"] {
            settings.temperature = try ArgumentValue.number(t, name: "temperature", expected: "a number > 0") { $0 > 0 }
        }
        if let k = args[keyword: "top-k"] {
            settings.topK = try ArgumentValue.integer(k, name: "top-k", minimum: 0)
        }
        if let p = args[keyword: "top-p"] {
            settings.topP = try ArgumentValue.number(p, name: "top-p", expected: "a number in (0, 1]") { $0 > 0 && $0 <= 1 }
        }
        let seed = try args[keyword: "seed"].map { s throws(CommandFailure) in try ArgumentValue.seed(s, name: "seed") }
        do { try settings.validate() } catch { throw CommandFailure.usage(error.description) }
        return ask(.generate(prefix: prefix, count: count, settings: settings, seed: seed), Self.generatedLines)
    }

    /// The note on unknown characters, then the text.
    static func generatedLines(_ reply: SessionReply) -> CommandResult {
        guard case .generated(let text, let encoded) = reply else { return CommandResult() }
        return CommandResult(lines: OutputText.unknownNote(encoded) + OutputText.lines(text))
    }

    /// N of `predict` and `sample`; a word that is not a number is probably
    /// the second word of an unquoted prefix, and the message says so.
    private func lengthArgument(_ text: String?) throws(CommandFailure) -> Int {
        guard let text else { return Self.defaultLength }
        guard Int(text) != nil else {
            throw .usage("N must be a whole number, got \"\(text)\" (put PREFIX in quotes if it has spaces)")
        }
        return try ArgumentValue.integer(text, name: "N", minimum: 0, maximum: Self.maximumLength)
    }

    func stepCommand(_ args: ParsedArguments) throws -> Plan {
        let prefix = try args[0].map { text throws(CommandFailure) in try ArgumentValue.text(text, name: "PREFIX") }
        let note = prefix.map { OutputText.unknownNote(session.state().vocabulary.encode($0)) } ?? []
        let step = ask(.step(count: 1)) { reply in self.stepLines(reply, note: note) }
        guard let prefix else { return step }
        return chain(.startSteps(prefix: prefix)) { _ in step }
    }

    /// What a step saw and chose, and its most likely candidates.
    private func stepLines(_ reply: SessionReply, note: [OutputLine]) -> CommandResult {
        guard case .stepped(let last) = reply, let result = last else { return CommandResult() }
        let state = session.state()
        let vocabulary = state.vocabulary
        let steps = state.steps
        let context = vocabulary.decode(Array(steps.ids.dropLast()))
        let generated = steps.ids.count - steps.prefixCount
        let shownContext = context.count > 40 ? "…" + String(context.suffix(39)) : context
        let bits = result.entropy / Foundation.log(2)
        let chosen = OutputText.token(vocabulary.tokens[result.chosen], unknown: "<unk>")
        var lines = note
        lines.append(OutputLine(
            "step \(generated) after \"\(OutputText.visible(shownContext))\": chose \"\(chosen)\" (id \(result.chosen)), p \(NumberFormat.fixed(result.chosenProbability, 4))"))
        lines.append(OutputLine("entropy \(NumberFormat.fixed(result.entropy, 4)) nats (\(NumberFormat.fixed(bits, 4)) bits)"))
        lines += candidateLines(result, state: state)
        return CommandResult(lines: lines)
    }

    /// The most likely candidates of a step, with a bar each; the chosen one is
    /// marked, and added at the end when it is not among them.
    private func candidateLines(_ result: StepResult, state: SessionState) -> [OutputLine] {
        let settings = state.sampling
        let shown = settings.topK > 0 ? settings.topK : Self.defaultStepCandidates
        let order = result.probabilities.indices.sorted { a, b in
            result.probabilities[a] != result.probabilities[b] ? result.probabilities[a] > result.probabilities[b] : a < b
        }
        var ranks = Array(order.prefix(shown).enumerated())
        if !ranks.contains(where: { $0.element == result.chosen }), let rank = order.firstIndex(of: result.chosen) {
            ranks.append((rank, result.chosen))
        }
        let showDraw = !settings.greedy && (settings.temperature != 1 || settings.topK > 0 || settings.topP < 1)
        var columns: [(String, TextTable.Alignment)] = [("", .left), ("rank", .right), ("token", .left), ("id", .right), ("p", .right)]
        if showDraw { columns.append(("drawn p", .right)) }
        columns.append(("", .left))
        var table = TextTable(columns, indent: "  ")
        for (rank, id) in ranks {
            let p = Double(result.probabilities[id])
            var cells = [id == result.chosen ? "→" : " ", "\(rank + 1)", OutputText.token(state.vocabulary.tokens[id], unknown: "<unk>"), "\(id)", NumberFormat.fixed(p, 4)]
            if showDraw { cells.append(NumberFormat.fixed(result.samplingProbabilities[id], 4)) }
            cells.append(OutputText.bar(p, width: 20))
            table.add(cells, emphasised: id == result.chosen)
        }
        return table.lines(style: style)
    }

    func resetCommand(_ args: ParsedArguments) throws -> Plan {
        ask(.resetSteps) { _ in CommandResult(lines: [OutputLine("step sequence cleared; the next `step` needs a prefix")]) }
    }
}
