/// What `SessionCommand.activations` answers: one unit's value at every step of a text.
public struct ActivationTrace: Hashable, Sendable {
    public var state: StateID
    public var unit: Int
    public var text: TokenizedText
    /// The unit's value after each step: `values[t]` after reading `text.tokens[t]`. (T)
    public var values: [Float]
    public var stamp: WeightsStamp

    public init(state: StateID, unit: Int, text: TokenizedText, values: [Float], stamp: WeightsStamp) {
        self.state = state
        self.unit = unit
        self.text = text
        self.values = values
        self.stamp = stamp
    }
}

/// One unit's Pearson correlation with a feature over a text.
public struct UnitCorrelation: Hashable, Sendable {
    public var state: StateID
    public var unit: Int
    /// r in [−1, 1]; nil when the unit's value is constant over the text (r undefined).
    public var r: Double?

    public init(state: StateID, unit: Int, r: Double?) {
        self.state = state
        self.unit = unit
        self.r = r
    }
}

/// What `SessionCommand.units` answers: every unit of every state ranked by |r| with a feature.
public struct UnitRanking: Hashable, Sendable {
    public var feature: TextFeature
    public var text: TokenizedText
    /// The feature's value at each step. (T)
    public var featureValues: [Double]
    /// Units with a defined r by |r| descending (ties: state order, then unit),
    /// then the constant ones (r nil) in state order.
    public var correlations: [UnitCorrelation]
    public var stamp: WeightsStamp

    public init(feature: TextFeature, text: TokenizedText, featureValues: [Double], correlations: [UnitCorrelation], stamp: WeightsStamp) {
        self.feature = feature
        self.text = text
        self.featureValues = featureValues
        self.correlations = correlations
        self.stamp = stamp
    }
}

/// What `SessionCommand.saliency` answers: how much each prefix token moved
/// the prediction of the next one.
///
/// `scores[t]` = ∂ log p(next | prefix) / ∂ x_t[id_t], the derivative with
/// respect to the one-hot input entry that is 1 at step t, from the backward
/// pass through time (see `Saliency.compute`).
public struct Saliency: Hashable, Sendable {
    public var prefix: TokenizedText
    /// The token predicted after the prefix, and its id.
    public var next: String
    public var nextID: Int
    /// log p(next | prefix), natural log.
    public var logProbability: Double
    /// One per prefix token. (T)
    public var scores: [Double]
    public var stamp: WeightsStamp

    public init(prefix: TokenizedText, next: String, nextID: Int, logProbability: Double, scores: [Double], stamp: WeightsStamp) {
        self.prefix = prefix
        self.next = next
        self.nextID = nextID
        self.logProbability = logProbability
        self.scores = scores
        self.stamp = stamp
    }
}

/// One span of the corpus where a pattern's units are all on at every step.
public struct PatternMatch: Hashable, Sendable {
    /// The span's first token, as an index into the corpus's tokens, and its length.
    public var start: Int
    public var length: Int
    /// How many units of the state are on (> threshold) at every step of the span;
    /// at least the pattern's.
    public var unitsOn: Int
    /// The pattern's units over `unitsOn`: the Jaccard overlap of the two sets, 1 when the span turns on no other unit.
    public var overlap: Double
    /// Up to `PatternSearch.contextLength` tokens before the span, the span, and as many after, joined.
    public var before: String
    public var text: String
    public var after: String

    public init(start: Int, length: Int, unitsOn: Int, overlap: Double, before: String, text: String, after: String) {
        self.start = start
        self.length = length
        self.unitsOn = unitsOn
        self.overlap = overlap
        self.before = before
        self.text = text
        self.after = after
    }
}

/// What `SessionCommand.match` answers: LSTMVis's match of a selection of the probe text against the corpus.
public struct PatternSearch: Hashable, Sendable {
    public var state: StateID
    public var threshold: Float
    /// The selected steps of the probe text (inclusive) and their text.
    public var from: Int
    public var to: Int
    public var selection: String
    /// The units above the threshold at every selected step, ascending.
    public var units: [Int]
    /// At most the limit asked for, best first: overlap descending, then the
    /// length closest to the selection's, then the earliest.
    public var matches: [PatternMatch]
    /// All spans found before the limit was applied.
    public var found: Int
    /// Tokens of the corpus searched.
    public var searched: Int
    public var stamp: WeightsStamp

    /// Tokens of context shown on each side of a match.
    public static let contextLength = 20

    public init(
        state: StateID, threshold: Float, from: Int, to: Int, selection: String, units: [Int], matches: [PatternMatch], found: Int,
        searched: Int, stamp: WeightsStamp
    ) {
        self.state = state
        self.threshold = threshold
        self.from = from
        self.to = to
        self.selection = selection
        self.units = units
        self.matches = matches
        self.found = found
        self.searched = searched
        self.stamp = stamp
    }
}
