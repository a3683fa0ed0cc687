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

    /// Labels for `ticks` (ascending) in `NumberFormat.compact` style, each with
    /// just enough significant digits to tell it from its neighbours.
    public static func labels(for ticks: [Double]) -> [String] {
        ticks.indices.map { i in
            let t = ticks[i]
            var gap = Double.infinity
            if i > 0 { gap = min(gap, abs(t - ticks[i - 1])) }
            if i + 1 < ticks.count { gap = min(gap, abs(ticks[i + 1] - t)) }
            guard t != 0, gap.isFinite, gap > 0 else { return NumberFormat.compact(t) }
            let digits = Int(log10(abs(t)).rounded(.down)) - Int(log10(gap).rounded(.down)) + 1
            return NumberFormat.compact(t, significantDigits: min(max(digits, 1), 9))
        }
    }

    /// Every n-th value so that at most `count` remain, keeping the first.
    private static func thin(_ values: [Double], to count: Int) -> [Double] {
        guard values.count > count else { return values }
        let stride = (values.count + count - 1) / count
        return values.enumerated().compactMap { $0.offset % stride == 0 ? $0.element : nil }
    }
}
