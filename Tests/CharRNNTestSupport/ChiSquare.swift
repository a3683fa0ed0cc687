/// Pearson's chi-square goodness-of-fit test at α = 0.001: are `counts` of
/// draws consistent with the distribution `probabilities`?
///
/// χ² = Σ (O − E)² / E over the categories with p > 0, with (categories − 1)
/// degrees of freedom. A draw in a category of probability 0 cannot happen
/// by chance, so any one fails the test outright. With a single possible
/// category (no degrees of freedom) every draw must be in it.
public struct ChiSquare: CustomStringConvertible, Sendable {
    /// Upper 0.001 points of χ² with 1…12 degrees of freedom (standard tables;
    /// e.g. Abramowitz & Stegun, table 26.8).
    public static let critical001: [Double] = [
        10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588, 31.264, 32.909,
    ]

    public let statistic: Double
    public let degreesOfFreedom: Int
    /// Draws in categories the distribution gives probability 0.
    public let impossibleDraws: Int
    public let draws: Int

    /// `counts[i]` draws of category i against `probabilities` (summing to 1).
    public init(counts: [Int], probabilities: [Double]) {
        precondition(counts.count == probabilities.count && !counts.isEmpty)
        let n = Double(counts.reduce(0, +))
        var statistic = 0.0, possible = 0, impossible = 0
        for (observed, p) in zip(counts, probabilities) {
            if p > 0 {
                let expected = n * p
                statistic += (Double(observed) - expected) * (Double(observed) - expected) / expected
                possible += 1
            } else {
                impossible += observed
            }
        }
        self.statistic = statistic
        degreesOfFreedom = possible - 1
        impossibleDraws = impossible
        draws = Int(n)
    }

    /// The critical value for these degrees of freedom (0 with none).
    public var critical: Double {
        degreesOfFreedom == 0 ? 0 : Self.critical001[degreesOfFreedom - 1]
    }

    /// Whether the draws pass: some draws, none impossible, χ² within the critical value.
    public var passes: Bool {
        draws > 0 && impossibleDraws == 0 && statistic.isFinite && statistic <= critical
    }

    public var description: String {
        "χ² = \(statistic) with \(degreesOfFreedom) degrees of freedom (critical \(critical) at α = 0.001), "
            + "\(impossibleDraws) of \(draws) draws where the probability is 0"
    }
}
