/// The run options given on a command line (`--hidden 64 --lr=0.5`), read
/// against `RunOptions.all`.
///
/// Keeps which options were given: a fresh run fills the rest with their
/// defaults, a resumed run keeps its checkpoint's values for them.
public struct RunOptionArguments: Sendable {
    /// One option as given: its row and the text of its value.
    public struct Given: Sendable {
        public let option: RunOption
        public let text: String
    }

    /// Why the words are not run options; `description` is one line naming the word.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownOption(String)
        case missingValue(option: String, valueName: String)
        case badValue(option: String, valueName: String, text: String)
        case unexpected(String)

        public var description: String {
            switch self {
            case .unknownOption(let word): "unknown option '\(word)'"
            case .missingValue(let option, let valueName): "--\(option) needs a value (\(valueName))"
            case .badValue(let option, let valueName, let text): "--\(option) expects \(RunOptionArguments.spell(valueName)), got '\(text)'"
            case .unexpected(let word): "unexpected argument '\(word)'"
            }
        }
    }

    /// The given options in the order typed; an option given twice keeps its last value.
    public private(set) var given: [Given] = []

    public init() {}

    /// Reads `--name value` and `--name=value` pairs; every word must belong to one.
    public init(parsing words: [String]) throws(Failure) {
        var iterator = words.makeIterator()
        while let word = iterator.next() {
            guard word.hasPrefix("--"), word.count > 2 else { throw .unexpected(word) }
            var name = String(word.dropFirst(2))
            var text: String?
            if let equals = name.firstIndex(of: "=") {
                text = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = RunOptions.commandLine.first(where: { $0.name == name }) else {
                throw .unknownOption("--\(name)")
            }
            guard let value = text ?? iterator.next() else { throw .missingValue(option: name, valueName: option.valueName) }
            var probe = TrainingConfig()
            guard option.set(value, in: &probe) else { throw .badValue(option: name, valueName: option.valueName, text: value) }
            given.removeAll { $0.option.name == name }
            given.append(Given(option: option, text: value))
        }
    }

    /// Options given together that contradict each other, in one line; nil when none do.
    /// (`--momentum` sets μ of the momentum optimiser only.)
    public func contradiction() -> String? {
        let optimizer = config().optimizer
        if contains("momentum"), optimizer != .momentum {
            return "--momentum is μ of --optimizer momentum; the optimizer is \(optimizer.rawValue) (add --optimizer momentum, or leave out --momentum)"
        }
        return nil
    }

    /// Whether `--name` was given.
    public func contains(_ name: String) -> Bool { given.contains { $0.option.name == name } }

    /// The run's configuration: the given options over `base` (a checkpoint's),
    /// or, without a base, over the defaults — computed after the given values,
    /// so a default may follow them (a learning rate that depends on the optimiser).
    public func config(over base: TrainingConfig? = nil) -> TrainingConfig {
        var config = base ?? TrainingConfig()
        for g in given { _ = g.option.set(g.text, in: &config) }
        if base == nil {
            for option in RunOptions.all where !contains(option.name) { option.resetToDefault(&config) }
        }
        return config
    }

    /// The given run-defining options that contradict `saved` (a checkpoint's settings).
    public func conflicts(with saved: TrainingConfig) -> [(name: String, given: String, saved: String)] {
        given.filter(\.option.definesRun).compactMap { g in
            var mine = saved
            _ = g.option.set(g.text, in: &mine)
            return g.option.agrees(mine, saved) ? nil : (g.option.name, g.option.text(in: mine), g.option.text(in: saved))
        }
    }

    /// A given option that contradicts the checkpoint a run continues from.
    public struct Contradiction: Error, CustomStringConvertible {
        public let name: String, given: String, saved: String
        public var description: String {
            "--\(name) \(given) does not match the checkpoint's \(saved); a resumed run keeps the settings "
                + "it was saved with (leave out --\(name), or train a new model without the checkpoint)"
        }
    }

    /// Throws the first given run-defining option that contradicts `saved`.
    public func checkAgreement(with saved: TrainingConfig) throws(Contradiction) {
        if let (name, given, saved) = conflicts(with: saved).first { throw Contradiction(name: name, given: given, saved: saved) }
    }

    /// `N` → "a whole number", `X` → "a number", choices → "one of a|b".
    static func spell(_ valueName: String) -> String {
        switch valueName {
        case "N": "a whole number"
        case "X": "a number"
        default: "one of \(valueName)"
        }
    }
}
