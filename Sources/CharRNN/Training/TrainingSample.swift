/// A text the model generated at the end of an epoch while training: the
/// sample prefix, then `TrainingSample.length` characters drawn at temperature
/// 1 from seed 0 — what `charrnn sample --prefix PREFIX --length 100
/// --temperature 1 --seed 0` prints for the checkpoint of that epoch.
public struct TrainingSample: Hashable, Sendable {
    /// The epoch (completed epochs, from 1) and step whose weights wrote it.
    public var epoch: Int
    public var step: Int
    /// The prefix, then the generated characters.
    public var text: String

    public init(epoch: Int, step: Int, text: String) {
        self.epoch = epoch
        self.step = step
        self.text = text
    }

    /// Characters generated after the prefix.
    public static let length = 100
    /// The seed of the draws.
    public static let seed: UInt64 = 0
}

/// When training takes samples (`--sample-every`).
public enum SampleInterval: Hashable, Sendable {
    /// About ten over the run: every ⌈target / 10⌉ epochs, and the last.
    case auto
    /// Every N epochs and the last; 0: never.
    case every(Int)

    /// Whether the epoch `epoch` (completed epochs, from 1) of a run up to `target` gets a sample.
    public func samples(epoch: Int, target: Int) -> Bool {
        let n: Int
        switch self {
        case .auto: n = max(1, (target + 9) / 10)
        case .every(let every): n = every
        }
        guard n > 0 else { return false }
        return epoch % n == 0 || epoch == target
    }
}

extension SampleInterval: RunOptionValue {
    public init?(optionText text: String) {
        if text == "auto" {
            self = .auto
        } else if let n = Int(text), n >= 0 {
            self = .every(n)
        } else {
            return nil
        }
    }

    public var optionText: String {
        switch self {
        case .auto: "auto"
        case .every(let n): String(n)
        }
    }

    public static var valueName: String { "N" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SampleInterval(optionText: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a sample interval: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(optionText)
    }
}

extension String: RunOptionValue {
    public init?(optionText text: String) { self = text }
    public var optionText: String { self }
    public static var valueName: String { "TEXT" }
}
