import Foundation

/// The text an interpretation command runs the model over, from a zero state
/// as one sequence with no truncation.
public enum AnalysisText: Hashable, Sendable {
    /// The start of the corpus's validation part (the tokens from the first
    /// validation window on): its first `count` tokens. The default of
    /// `activations` and `units`, with `defaultLength`.
    case validation(count: Int)
    /// Text as typed; each character outside the vocabulary becomes `<unk>`.
    case text(String)
    /// A UTF-8 file, read whole and tokenised as the corpus is (d2l's
    /// preprocessing for `--text letters`, every scalar for `raw`).
    case file(URL)

    /// Tokens of the default text: 2,000.
    public static let defaultLength = 2_000
    /// `.validation(count: defaultLength)`.
    public static let standard = AnalysisText.validation(count: defaultLength)
}

/// A text as the model reads it: ids, and each id's token.
public struct TokenizedText: Hashable, Sendable {
    public var ids: [Int]
    /// One per id: the vocabulary's token (`<unk>` included as such).
    public var tokens: [String]
    /// Characters of typed text that became `<unk>`, with their positions.
    public var unknown: [EncodedPrompt.UnknownCharacter]
    /// `validation text (2,000 tokens)`, `typed text`, `file notes.txt`.
    public var label: String

    public init(ids: [Int], tokens: [String], unknown: [EncodedPrompt.UnknownCharacter] = [], label: String) {
        self.ids = ids
        self.tokens = tokens
        self.unknown = unknown
        self.label = label
    }

    public var count: Int { ids.count }
}

/// Which weights a result was computed with, so a view can tell whether it is current.
public struct WeightsStamp: Hashable, Sendable {
    /// Completed epochs and minibatches of the weights.
    public var epoch: Int
    public var step: Int
    /// `TrainingSnapshot.paramsVersion` of the weights.
    public var paramsVersion: Int
    /// `SessionState.modelVersion` of the model.
    public var modelVersion: Int

    public init(epoch: Int, step: Int, paramsVersion: Int, modelVersion: Int) {
        self.epoch = epoch
        self.step = step
        self.paramsVersion = paramsVersion
        self.modelVersion = modelVersion
    }
}
