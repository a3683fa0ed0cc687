/// A value a run option holds: read from the word typed after the option,
/// printed back the same way, and saved in a checkpoint as JSON.
public protocol RunOptionValue: Codable, Equatable, Sendable {
    /// The value `text` spells, or nil when it spells none.
    init?(optionText text: String)
    /// The value as help, `show config` and error messages print it; reads back with `init(optionText:)`.
    var optionText: String { get }
    /// What the value looks like in a usage line: `N`, `X`, `rnn|gru|lstm`.
    static var valueName: String { get }
}

extension Int: RunOptionValue {
    public init?(optionText text: String) { self.init(text) }
    public var optionText: String { String(self) }
    public static var valueName: String { "N" }
}

extension UInt64: RunOptionValue {
    public init?(optionText text: String) { self.init(text) }
    public var optionText: String { String(self) }
    public static var valueName: String { "N" }
}

extension Float: RunOptionValue {
    public init?(optionText text: String) { self.init(text) }
    /// `1`, `0.9`, `1e-08`: whole numbers without the `.0` Swift would print.
    public var optionText: String {
        isFinite && rounded() == self && abs(self) < 1e7 ? String(Int(self)) : "\(self)"
    }
    public static var valueName: String { "X" }
}

/// The choices of an enumeration option are its raw values.
extension RunOptionValue where Self: CaseIterable & RawRepresentable, RawValue == String {
    public init?(optionText text: String) { self.init(rawValue: text) }
    public var optionText: String { rawValue }
    public static var valueName: String { allCases.map(\.rawValue).joined(separator: "|") }
}

extension CellKind: RunOptionValue {}
extension OptimizerKind: RunOptionValue {}
extension InitScheme: RunOptionValue {}
extension TextMode: RunOptionValue {}
extension Partition: RunOptionValue {}

/// One field of `TrainingConfig` as every front end sees it: its name on the
/// command line, its key in a checkpoint, its default, whether it defines the
/// run, how it is checked, and its help.
///
/// Rows are made by `RunOption.field` and listed once, in `RunOptions.all`;
/// parsing, coding, validation, the resume check, help and `show config` all
/// walk that list. The operations are closures over the field's key path, so
/// the list can hold fields of every type.
public struct RunOption: Sendable {
    /// `batch-size`: `--batch-size` on the command line, and the name in errors and `show config`.
    public let name: String
    /// The key in a checkpoint's `hyperparameters`; nil for a setting that is not saved (`threads`).
    public let key: String?
    /// Whether a checkpoint saved before the option existed may lack the key (it then takes the default).
    public let keyOptional: Bool
    /// Whether `--name` exists; options only a checkpoint sets (Adam's β) have no flag.
    public let onCommandLine: Bool
    /// Whether the option shapes the model or the data order, so that a resumed
    /// run must not contradict its checkpoint on it.
    public let definesRun: Bool
    /// One sentence for `--help`, without the default (which the table prints).
    public let help: String
    /// `N`, `X` or the choices.
    public let valueName: String

    let read: @Sendable (TrainingConfig) -> String
    let assign: @Sendable (inout TrainingConfig, String) -> Bool
    let defaultText: @Sendable (TrainingConfig) -> String
    let resetToDefault: @Sendable (inout TrainingConfig) -> Void
    let problem: @Sendable (TrainingConfig) -> ConfigurationError?
    let equal: @Sendable (TrainingConfig, TrainingConfig) -> Bool
    let encode: @Sendable (TrainingConfig, inout KeyedEncodingContainer<RunOptionKey>) throws -> Void
    let decode: @Sendable (inout TrainingConfig, KeyedDecodingContainer<RunOptionKey>) throws -> Void

    /// The row of the field at `path`.
    ///
    /// `key` nil: not saved. `keyOptional`: old checkpoints may lack it.
    /// `defaultValue` nil: the value `TrainingConfig()` declares; else a
    /// function of the other fields (it may read the fields above it in
    /// `RunOptions.all` and any given on the command line). `check` returns
    /// the problem with a value, if any.
    public static func field<Value: RunOptionValue>(
        _ name: String, _ path: WritableKeyPath<TrainingConfig, Value> & Sendable, key: String?, keyOptional: Bool = false,
        onCommandLine: Bool = true, definesRun: Bool, defaultValue: (@Sendable (TrainingConfig) -> Value)? = nil,
        check: RunOptionCheck<Value> = .none, help: String
    ) -> RunOption {
        let value: @Sendable (TrainingConfig) -> Value = defaultValue ?? { _ in TrainingConfig.declared[keyPath: path] }
        return RunOption(
            name: name, key: key, keyOptional: keyOptional, onCommandLine: onCommandLine, definesRun: definesRun, help: help,
            valueName: Value.valueName,
            read: { $0[keyPath: path].optionText },
            assign: { config, text in
                guard let v = Value(optionText: text) else { return false }
                config[keyPath: path] = v
                return true
            },
            defaultText: { value($0).optionText },
            resetToDefault: { $0[keyPath: path] = value($0) },
            problem: { check.test(name, $0[keyPath: path]) },
            equal: { $0[keyPath: path] == $1[keyPath: path] },
            encode: { config, container in
                if let key { try container.encode(config[keyPath: path], forKey: RunOptionKey(key)) }
            },
            decode: { config, container in
                guard let key else { return }
                if keyOptional {
                    if let v = try container.decodeIfPresent(Value.self, forKey: RunOptionKey(key)) { config[keyPath: path] = v }
                } else {
                    config[keyPath: path] = try container.decode(Value.self, forKey: RunOptionKey(key))
                }
            })
    }

    /// The value in `config`, as typed on the command line.
    public func text(in config: TrainingConfig) -> String { read(config) }

    /// The default for a run whose other settings are those of `config`.
    public func defaultText(for config: TrainingConfig) -> String { defaultText(config) }

    /// Sets the option in `config` from `text`; false when `text` is not a value of the option.
    public func set(_ text: String, in config: inout TrainingConfig) -> Bool { assign(&config, text) }

    /// What is wrong with the value in `config`, if anything.
    public func validate(_ config: TrainingConfig) throws(ConfigurationError) {
        if let problem = problem(config) { throw problem }
    }

    /// Whether `a` and `b` agree on this option.
    public func agrees(_ a: TrainingConfig, _ b: TrainingConfig) -> Bool { equal(a, b) }
}

/// How a run option's value is checked; the error names the option.
public struct RunOptionCheck<Value>: Sendable {
    let test: @Sendable (_ name: String, _ value: Value) -> ConfigurationError?

    public init(_ test: @escaping @Sendable (_ name: String, _ value: Value) -> ConfigurationError?) { self.test = test }

    /// Any value will do (choices are checked by parsing and decoding).
    public static var none: RunOptionCheck { RunOptionCheck { _, _ in nil } }
}

extension RunOptionCheck where Value == Int {
    /// 1 … `maximum`.
    public static func positive(atMost maximum: Int) -> RunOptionCheck {
        RunOptionCheck { name, n in
            if n <= 0 { return .nonPositive(name, n) }
            return n > maximum ? .invalidValue(name, "at most \(maximum), got \(n)") : nil
        }
    }

    /// 0 … `maximum`.
    public static func nonNegative(atMost maximum: Int) -> RunOptionCheck {
        RunOptionCheck { name, n in
            if n < 0 { return .negative(name, n) }
            return n > maximum ? .invalidValue(name, "at most \(maximum), got \(n)") : nil
        }
    }
}

extension RunOptionCheck where Value == Float {
    /// A finite number ≥ 0.
    public static var finiteNonNegative: RunOptionCheck {
        RunOptionCheck { name, x in x.isFinite && x >= 0 ? nil : .invalidValue(name, "must be a finite number ≥ 0, got \(x)") }
    }

    /// A finite number > 0.
    public static var finitePositive: RunOptionCheck {
        RunOptionCheck { name, x in x.isFinite && x > 0 ? nil : .invalidValue(name, "must be > 0, got \(x)") }
    }

    /// A number in [0, 1).
    public static var unitInterval: RunOptionCheck {
        RunOptionCheck { name, x in x.isFinite && x >= 0 && x < 1 ? nil : .invalidValue(name, "must be in [0, 1), got \(x)") }
    }
}

extension RunOptionCheck where Value == String {
    /// Any text but the empty one.
    public static var nonEmpty: RunOptionCheck {
        RunOptionCheck { name, text in text.isEmpty ? .invalidValue(name, "must not be empty") : nil }
    }
}

/// A key of the `hyperparameters` JSON object.
public struct RunOptionKey: CodingKey {
    public let stringValue: String
    public var intValue: Int? { nil }

    init(_ key: String) { stringValue = key }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
