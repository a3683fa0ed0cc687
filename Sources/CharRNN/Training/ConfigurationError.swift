/// A setting or input that cannot be trained on; each case reads as one clear line.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case nonPositive(String, Int)
    case negative(String, Int)
    case invalidValue(String, String)
    case corpusTooShort(tokens: Int, windows: Int, numSteps: Int, needed: Int)
    /// The options together need more memory than the machine has (see `MemoryEstimate`).
    case tooLarge(String)

    public var description: String {
        switch self {
        case .nonPositive(let name, let value):
            "--\(name) must be positive, got \(value)"
        case .negative(let name, let value):
            "--\(name) must not be negative, got \(value)"
        case .invalidValue(let name, let why):
            "--\(name): \(why)"
        case .tooLarge(let message):
            message
        case .corpusTooShort(let tokens, let windows, let numSteps, let needed):
            "corpus too short: \(tokens) tokens give \(windows) windows of \(numSteps + 1) tokens, "
                + "but --num-train + --num-val need \(needed) (lower them or use a longer text)"
        }
    }
}
