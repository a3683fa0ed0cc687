import Foundation

/// Tick positions and labels for chart axes.
///
/// Linear ticks are multiples of 1, 2 or 5 × 10ᵏ; logarithmic ticks are powers
/// of ten, or 1, 2, 5 × 10ᵏ when the range spans less than two powers. Every
/// tick lies inside the range given; ranges that are empty, reversed or not
/// finite give no ticks.
public enum AxisTicks {
    /// At most `maxCount` (at least 2) evenly spaced nice values in `range`: the most a 1-2-5 step allows.
    public static func linear(_ range: ClosedRange<Double>, maxCount: Int) -> [Double] {
        let lo = range.lowerBound, hi = range.upperBound
        guard lo.isFinite, hi.isFinite, hi > lo else { return [] }
        let count = max(2, maxCount)
        let raw = (hi - lo) / Double(count - 1)
        guard raw.isFinite, raw > 0 else { return [] }
        // The smallest 1-2-5 step that gives at most `count` ticks; any step
        // of at least `raw` does, so the search ends by 10 × `magnitude`.
        let magnitude = pow(10, log10(raw).rounded(.down))
        var step = 10 * magnitude
        for factor in [0.1, 0.2, 0.5, 1, 2, 5] {
            let s = factor * magnitude
            let n0 = (lo / s - 1e-9).rounded(.up), n1 = (hi / s + 1e-9).rounded(.down)
            if n1 - n0 + 1 <= Double(count) {
                step = s
                break
            }
        }
        let first = (lo / step - 1e-9).rounded(.up)
        var ticks: [Double] = []
        var n = first
        while ticks.count < count {
            let t = n * step
            if t > hi + step * 1e-9 { break }
            ticks.append(abs(t) < step * 1e-9 ? 0 : min(max(t, lo), hi))
            n += 1
        }
        return ticks
    }

    /// At most `maxCount` (at least 2) values in `range` suited to a log axis.
    /// The range must be positive; otherwise there are no ticks.
    public static func logarithmic(_ range: ClosedRange<Double>, maxCount: Int) -> [Double] {
        let lo = range.lowerBound, hi = range.upperBound
        guard lo > 0, hi.isFinite, hi > lo else { return [] }
        let count = max(2, maxCount)
        let kLo = Int((log10(lo) - 1e-9).rounded(.up))
        let kHi = Int((log10(hi) + 1e-9).rounded(.down))
        if kHi - kLo + 1 >= 2 {
            return thin((kLo...kHi).map { pow(10, Double($0)) }, to: count)
        }
        var candidates: [Double] = []
        for k in (kLo - 1)...max(kLo - 1, kHi) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(k))
                if v >= lo * (1 - 1e-9), v <= hi * (1 + 1e-9) { candidates.append(v) }
            }
        }
        if candidates.count >= 2 { return thin(candidates, to: count) }
        return linear(range, maxCount: count)
    }

    /// Labels for `ticks` in `NumberFormat.compact` style, each with the
    /// fewest significant digits (up to 9) that still give its value.
    public static func labels(for ticks: [Double]) -> [String] {
        ticks.map { t in
            guard t.isFinite, t != 0 else { return NumberFormat.compact(t) }
            let digits = (1...9).first { abs(round(t, significantDigits: $0) - t) <= abs(t) * 1e-9 } ?? 9
            return NumberFormat.compact(t, significantDigits: digits)
        }
    }

    /// The smallest 1, 2 or 5 × 10ᵏ at least `x` (> 0, finite).
    public static func niceStep(atLeast x: Double) -> Double {
        let magnitude = pow(10, log10(x).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= x * (1 - 1e-12) } ?? 10 * magnitude
    }

    /// `x` rounded to `significantDigits` significant digits (0 stays 0).
    public static func round(_ x: Double, significantDigits: Int) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let exponent = Int(log10(abs(x)).rounded(.down)) - max(1, significantDigits) + 1
        // Dividing by a power of ten (rather than multiplying by its inverse) keeps 0.3 exact.
        let rounded = exponent >= 0
            ? (x / pow(10, Double(exponent))).rounded() * pow(10, Double(exponent))
            : (x * pow(10, Double(-exponent))).rounded() / pow(10, Double(-exponent))
        return rounded.isFinite ? rounded : x
    }

    /// Every n-th value so that at most `count` remain, keeping the first.
    private static func thin(_ values: [Double], to count: Int) -> [Double] {
        guard values.count > count else { return values }
        let stride = (values.count + count - 1) / count
        return values.enumerated().compactMap { $0.offset % stride == 0 ? $0.element : nil }
    }
}
