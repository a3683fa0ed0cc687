import CharRNN
import Foundation
import Testing

/// The table of run options: every row is named, helped, coded, validated and
/// parsed, and the command line reads against it.
@Suite struct RunOptionsTests {
    /// A valid value of `option` other than its default, as typed.
    static func otherValue(_ option: RunOption) -> String {
        let current = option.defaultText(for: TrainingConfig())
        if option.valueName.contains("|") {
            return option.valueName.split(separator: "|").map(String.init).first { $0 != current }!
        }
        if option.valueName == "TEXT" { return current + " and more" }
        // `auto` is a count's computed default (--sample-every).
        if option.valueName == "N" { return String((Int(current) ?? 0) + 1) }
        let x = Float(current)!
        return x == 0 ? "0.5" : (x / 2).optionText
    }

    @Test func everyRowHasAUniqueNameKeyAndHelp() {
        let names = RunOptions.all.map(\.name)
        #expect(Set(names).count == names.count)
        let keys = RunOptions.all.compactMap(\.key)
        #expect(Set(keys).count == keys.count)
        for option in RunOptions.all {
            #expect(option.help.count > 10 && option.help.hasSuffix("."), "\(option.name): \(option.help)")
            #expect(!option.help.contains("default:"), "\(option.name): the table prints the default")
            #expect(!option.valueName.isEmpty)
        }
    }

    @Test func theDefaultsAreTheDeclaredValuesAndValid() throws {
        let config = TrainingConfig()
        try config.validate()
        #expect(RunOptionArguments().config() == config)
        for option in RunOptions.all {
            #expect(option.text(in: config) == option.defaultText(for: config), "\(option.name)")
        }
    }

    /// Coding covers every saved row: changing one field changes its key, and only it, and reads back.
    @Test func everySavedRowRoundTripsThroughItsKey() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let base = try JSONSerialization.jsonObject(with: encoder.encode(TrainingConfig())) as! [String: Any]
        #expect(Set(base.keys) == Set(RunOptions.all.compactMap(\.key)))
        for option in RunOptions.all {
            var changed = TrainingConfig()
            #expect(option.set(Self.otherValue(option), in: &changed), "\(option.name)")
            try changed.validate()
            let data = try encoder.encode(changed)
            let decoded = try JSONDecoder().decode(TrainingConfig.self, from: data)
            let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let differing = object.keys.filter { "\(object[$0]!)" != "\(base[$0]!)" }
            if let key = option.key {
                #expect(decoded == changed, "\(option.name)")
                #expect(differing == [key], "\(option.name): \(differing)")
            } else {
                #expect(differing.isEmpty && decoded == TrainingConfig(), "\(option.name) is not saved")
            }
        }
    }

    @Test func checkpointsWithoutTheNewerKeysTakeTheDefaults() throws {
        let encoder = JSONEncoder()
        var object = try JSONSerialization.jsonObject(with: encoder.encode(TrainingConfig())) as! [String: Any]
        for option in RunOptions.all where option.keyOptional { object.removeValue(forKey: option.key!) }
        let decoded = try JSONDecoder().decode(TrainingConfig.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded == TrainingConfig())
        for option in RunOptions.all where option.key != nil && !option.keyOptional {
            var missing = object
            missing.removeValue(forKey: option.key!)
            #expect(throws: DecodingError.self, "\(option.name) is required") {
                try JSONDecoder().decode(TrainingConfig.self, from: JSONSerialization.data(withJSONObject: missing))
            }
        }
    }

    /// Validation covers every row: a value outside its range is an error naming the option,
    /// and a word that is no value of the option does not parse.
    @Test func everyRowRejectsBadValues() {
        for option in RunOptions.all {
            var config = TrainingConfig()
            // Free text (TEXT) is any word; only the empty one is refused, by validation.
            if option.valueName != "TEXT" { #expect(!option.set("nonsense", in: &config), "\(option.name)") }
            let bad: String? = switch option.valueName {
            case "N": option.name == "seed" ? nil : (["epochs", "num-val", "sample-every"].contains(option.name) ? "-1" : "0")
            case "TEXT": ""
            case "X": "-1"
            default: nil
            }
            guard let bad else { continue }
            if option.name == "sample-every" {
                // 0 turns samples off; a negative count is no value of it.
                #expect(!option.set(bad, in: &config))
                continue
            }
            #expect(option.set(bad, in: &config))
            do {
                try config.validate()
                Issue.record("\(option.name) \(bad) was accepted")
            } catch {
                #expect(error.description.hasPrefix("--\(option.name)"), "\(error)")
            }
        }
        var config = TrainingConfig()
        #expect(!RunOptions.named("seed")!.set("-1", in: &config))
    }

    @Test func commandLinesReadAgainstTheTable() throws {
        let given = try RunOptionArguments(parsing: ["--hidden", "64", "--lr=0.5", "--cell", "gru", "--hidden", "48"])
        let config = given.config()
        #expect(config.hidden == 48 && config.learningRate == 0.5 && config.cell == .gru)
        #expect(config.numSteps == TrainingConfig().numSteps)
        #expect(given.given.map(\.option.name) == ["lr", "cell", "hidden"])

        #expect(throws: RunOptionArguments.Failure.unknownOption("--hiden")) { try RunOptionArguments(parsing: ["--hiden", "3"]) }
        #expect(throws: RunOptionArguments.Failure.missingValue(option: "hidden", valueName: "N")) { try RunOptionArguments(parsing: ["--hidden"]) }
        #expect(throws: RunOptionArguments.Failure.unexpected("64")) { try RunOptionArguments(parsing: ["64"]) }
        #expect(throws: RunOptionArguments.Failure.unknownOption("--beta1"), "only a checkpoint sets β₁") {
            try RunOptionArguments(parsing: ["--beta1", "0.5"])
        }
        do {
            _ = try RunOptionArguments(parsing: ["--cell", "tree"])
            Issue.record("a cell that does not exist was accepted")
        } catch {
            #expect(error.description == "--cell expects one of rnn|gru|lstm|torch-gru, got 'tree'")
        }
    }

    /// A fresh run's learning rate is its optimiser's unless `--lr` is given.
    @Test func theLearningRateDefaultsToTheOptimisers() throws {
        for kind in OptimizerKind.allCases {
            let fresh = try RunOptionArguments(parsing: ["--optimizer", kind.rawValue]).config()
            #expect(fresh.learningRate == kind.defaultLearningRate, "\(kind)")
            let given = try RunOptionArguments(parsing: ["--lr", "0.25", "--optimizer", kind.rawValue]).config()
            #expect(given.learningRate == 0.25, "\(kind)")
        }
        #expect(OptimizerKind.allCases.map(\.defaultLearningRate) == [1, 0.1, 0.005])
    }

    @Test func aResumedRunKeepsItsCheckpointsSettings() throws {
        var saved = TrainingConfig()
        saved.hidden = 64
        saved.learningRate = 2
        let given = try RunOptionArguments(parsing: ["--hidden", "64", "--lr", "0.5", "--seed", "3", "--epochs", "7"])
        let config = given.config(over: saved)
        #expect(config.hidden == 64 && config.learningRate == 0.5 && config.epochs == 7 && config.seed == 3)
        #expect(config.numTrain == saved.numTrain)
        let conflicts = given.conflicts(with: saved)
        #expect(conflicts.map(\.name) == ["seed"], "lr and epochs may change; hidden agrees")
        #expect(conflicts.first?.given == "3" && conflicts.first?.saved == "0")
    }
}
