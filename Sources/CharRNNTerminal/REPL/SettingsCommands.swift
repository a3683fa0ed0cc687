import CharRNN
import Foundation
import TerminalKit

/// `set` and `show config`.
extension CommandInterpreter {
    func setCommand(_ args: ParsedArguments) throws -> Plan {
        let nameText = args[0] ?? ""
        let value = args[1] ?? ""
        guard let name = SettingName(rawValue: nameText) else {
            let names = SettingName.allCases.map(\.rawValue)
            let hint = Suggestions.didYouMean(nameText, among: names).map { "; \($0)" } ?? ""
            throw CommandFailure.usage("unknown setting \"\(nameText)\"\(hint)")
        }
        var sampling = session.state().sampling
        let said: (String) -> (SessionReply) -> CommandResult = { message in { _ in CommandResult(lines: [OutputLine(message)]) } }
        switch name {
        case .lr:
            let lr = Float(try ArgumentValue.number(value, name: "lr", expected: "a number ≥ 0") { $0 >= 0 && Float($0).isFinite })
            return ask(.setLearningRate(lr), said("lr = \(NumberFormat.shortest(lr)) (from the next minibatch)"))
        case .clip:
            let clip = Float(try ArgumentValue.number(value, name: "clip", expected: "a number ≥ 0") { $0 >= 0 && Float($0).isFinite })
            return ask(.setClip(clip), said(clip == 0 ? "clip off (from the next minibatch)" : "clip = \(NumberFormat.shortest(clip)) (from the next minibatch)"))
        case .seed:
            let seed = try ArgumentValue.seed(value, name: "seed")
            return ask(.setSeed(seed), said("seed = \(seed) (the sampling draws restart)"))
        case .temperature:
            sampling.temperature = try ArgumentValue.number(value, name: "temperature", expected: "a number > 0") { $0 > 0 }
            return ask(.setSampling(sampling), said("temperature = \(NumberFormat.shortest(sampling.temperature))"))
        case .topK:
            sampling.topK = try ArgumentValue.integer(value, name: "top-k", minimum: 0)
            return ask(.setSampling(sampling), said(sampling.topK == 0 ? "top-k = 0 (keep all)" : "top-k = \(sampling.topK)"))
        case .topP:
            sampling.topP = try ArgumentValue.number(value, name: "top-p", expected: "a number in (0, 1]") { $0 > 0 && $0 <= 1 }
            return ask(.setSampling(sampling), said("top-p = \(NumberFormat.shortest(sampling.topP))"))
        case .greedy:
            switch value.lowercased() {
            case "on", "true", "yes", "1": sampling.greedy = true
            case "off", "false", "no", "0": sampling.greedy = false
            default: throw CommandFailure.usage("greedy must be on or off, got \"\(value)\"")
            }
            return ask(.setSampling(sampling), said(sampling.greedy ? "greedy on: `step` takes the most likely character" : "greedy off: `step` samples"))
        }
    }

    func showCommand(_ args: ParsedArguments) throws -> Plan {
        guard args[0] == "config" else { throw CommandFailure.usage("unknown topic \"\(args[0] ?? "")\"; only `show config` exists") }
        let state = session.state()
        let config = state.config
        let snap = state.training
        let sampling = state.sampling
        // Every run option, as the command line would give it; lr and clip as they are now.
        var live = config
        live.learningRate = snap.learningRate
        live.clip = snap.clip
        var lines: [OutputLine] = [section("training")]
        lines += OutputText.keyValueLines(
            [("vocabulary", "\(state.vocabulary.count) tokens")] + RunOptions.all.map { ($0.name, $0.text(in: live)) },
            indent: "  ", style: style)
        lines.append(section("sampling"))
        lines += OutputText.keyValueLines([
            ("greedy", sampling.greedy ? "on" : "off"),
            ("temperature", NumberFormat.shortest(sampling.temperature)),
            ("top-k", sampling.topK == 0 ? "0 (all)" : "\(sampling.topK)"),
            ("top-p", NumberFormat.shortest(sampling.topP)),
            ("seed", "\(state.seed)"),
        ], indent: "  ", style: style)
        lines.append(section("files"))
        var files: [(String, String)] = []
        if let corpus = state.corpus {
            files.append(("corpus", corpus.located.label))
            files.append(("sha1", corpus.sha1))
        } else {
            files.append(("corpus", "-"))
        }
        files.append(("checkpoint", state.checkpointURL?.path ?? "- (not saved yet)"))
        lines += OutputText.keyValueLines(files, indent: "  ", style: style)
        return Self.lines(lines)
    }

    private func section(_ title: String) -> OutputLine {
        OutputLine(title, style: style == .color ? .bold : .plain)
    }
}
