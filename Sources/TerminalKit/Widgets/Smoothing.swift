/// Exponential moving averages for noisy series such as per-batch loss.
public enum Smoothing {
    /// The exponential moving average of `values` with smoothing `weight`.
    ///
    /// `s₀ = y₀` and `sₜ = weight · sₜ₋₁ + (1 − weight) · yₜ`, so `weight` 0
    /// returns the input and values near 1 smooth heavily. `weight` is clamped
    /// to 0...1 (NaN counts as 0). Non-finite inputs are copied to the output
    /// unchanged and do not affect the average; the first finite value starts it.
    /// The output has the same count as the input.
    public static func ema(_ values: [Double], weight: Double) -> [Double] {
        let w = weight.isNaN ? 0 : min(max(weight, 0), 1)
        var output = values
        var state: Double? = nil
        for (i, y) in values.enumerated() where y.isFinite {
            let s = state.map { w * $0 + (1 - w) * y } ?? y
            state = s
            output[i] = s
        }
        return output
    }
}
