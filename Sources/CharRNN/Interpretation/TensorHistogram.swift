/// How the values of one tensor are spread: equal-width bins over their range, with the moments and the norm.
public struct ValueDistribution: Hashable, Sendable {
    /// The smallest and largest finite value (both 0 when there is none).
    public var lower: Double
    public var upper: Double
    /// Finite values per bin; bin i covers [lower + i·w, lower + (i + 1)·w), the last one closed, w = (upper − lower) / bins.
    public var counts: [Int]
    /// NaN and infinite values, which no bin holds.
    public var nonFinite: Int
    /// Over the finite values: mean, population standard deviation, L2 norm.
    public var mean: Double
    public var std: Double
    public var norm: Double

    public init(lower: Double, upper: Double, counts: [Int], nonFinite: Int, mean: Double, std: Double, norm: Double) {
        self.lower = lower
        self.upper = upper
        self.counts = counts
        self.nonFinite = nonFinite
        self.mean = mean
        self.std = std
        self.norm = norm
    }
}

/// One tensor's L2 norms at the end of one epoch.
public struct TensorNorms: Hashable, Sendable {
    public var epoch: Int
    public var weights: Double
    /// Of the epoch's last gradient as applied (after clipping); nil when no step of the epoch had a finite one.
    public var gradient: Double?

    public init(epoch: Int, weights: Double, gradient: Double?) {
        self.epoch = epoch
        self.weights = weights
        self.gradient = gradient
    }
}

/// One tensor's weights and last gradient, TensorBoard's histograms in text.
public struct TensorHistogram: Hashable, Sendable {
    /// `W_xh`, `l1.W_hc`, `b_q`.
    public var name: String
    public var shape: [Int]
    public var weights: ValueDistribution
    /// The last minibatch's gradient as applied (after clipping); nil before the
    /// first minibatch this trainer ran (a loaded model has none).
    public var gradient: ValueDistribution?
    /// The norms at the end of each epoch the trainer ran, oldest first.
    public var history: [TensorNorms]

    public init(name: String, shape: [Int], weights: ValueDistribution, gradient: ValueDistribution?, history: [TensorNorms]) {
        self.name = name
        self.shape = shape
        self.weights = weights
        self.gradient = gradient
        self.history = history
    }
}

/// What `SessionCommand.histograms` answers: every tensor, in layout order.
public struct TensorHistograms: Hashable, Sendable {
    public var tensors: [TensorHistogram]
    /// The step whose gradient the histograms show; nil when there is none yet.
    public var gradientStep: Int?
    /// Completed epochs and minibatches of the weights shown.
    public var epoch: Int
    public var step: Int

    public init(tensors: [TensorHistogram], gradientStep: Int?, epoch: Int, step: Int) {
        self.tensors = tensors
        self.gradientStep = gradientStep
        self.epoch = epoch
        self.step = step
    }
}

extension ValueDistribution {
    /// The distribution of `values` in `bins` equal-width bins (at least 1).
    public init(_ values: ArraySlice<Float>, bins: Int) {
        var lo = Double.infinity, hi = -Double.infinity
        var sum = 0.0, squares = 0.0, finite = 0
        for v in values where v.isFinite {
            let x = Double(v)
            lo = min(lo, x)
            hi = max(hi, x)
            sum += x
            squares += x * x
            finite += 1
        }
        var counts = [Int](repeating: 0, count: max(1, bins))
        guard finite > 0 else {
            self.init(lower: 0, upper: 0, counts: counts, nonFinite: values.count, mean: 0, std: 0, norm: 0)
            return
        }
        let mean = sum / Double(finite)
        var deviations = 0.0
        let width = (hi - lo) / Double(counts.count)
        for v in values where v.isFinite {
            let x = Double(v)
            deviations += (x - mean) * (x - mean)
            let bin = width > 0 ? Int((x - lo) / width) : 0
            counts[min(counts.count - 1, bin)] += 1
        }
        self.init(
            lower: lo, upper: hi, counts: counts, nonFinite: values.count - finite, mean: mean,
            std: (deviations / Double(finite)).squareRoot(), norm: squares.squareRoot())
    }
}
