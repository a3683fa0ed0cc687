import Foundation

/// A y axis fitted to data: the range it spans and the values it labels.
///
/// The fit hugs the data `lo...hi`, taking the first of these that exists:
/// 1. *Nice ticks just outside the data*: the axis runs from the first tick
///    to the last, which enclose the data and stick out past it by at most
///    `maxOverhang` of the axis on either side; the most ticks that fit in
///    `maxCount` win (e.g. 1.5…3.5 for 1.77…3.27, 5…30 for 5.9…26.3).
/// 2. *Nice ticks inside the data*: the axis spans the data, labelled with
///    the nice values inside it (at least two).
/// 3. *The data's own ends*: the axis spans the data (and the labels),
///    labelled with its ends rounded to 2 significant digits, or more where
///    2 would move a label by over a tenth of the span.
///
/// With room for only two labels (`maxCount` ≤ 2) the third is taken at once.
/// Linear nice ticks are multiples of a 1-2-5 step, or for steps of 1 and 2 ×
/// 10ᵏ those multiples shifted by half a step (1.5, 2.5, 3.5). Logarithmic
/// nice ticks are 1, 2, 3, 5 × 10ᵏ, else 1, 2, 5 × 10ᵏ, else (every few)
/// powers of ten; inside data that spans less than a decade, linear ones
/// when they are more.
/// The axis goes no lower than `minimum` (1 for a perplexity, 0 for a loss)
/// unless the data does. A single value is widened by ±10% (±1 at zero) first.
public struct AxisFit: Hashable, Sendable {
    public var range: ClosedRange<Double>
    /// Ascending, all inside `range`.
    public var ticks: [Double]

    /// The most the outer ticks may stick out past the data, as a fraction of the axis on each side.
    public static let maxOverhang = 1.0 / 6

    public init(range: ClosedRange<Double>, ticks: [Double]) {
        self.range = range
        self.ticks = ticks
    }

    /// A linear axis for `lo...hi`; nil when the bounds are not finite or reversed.
    public static func linear(_ lo: Double, _ hi: Double, maxCount: Int, minimum: Double = -.infinity) -> AxisFit? {
        guard let (lo, hi, floor) = widened(lo, hi, minimum: minimum, logarithmic: false) else { return nil }
        if maxCount > 2, let fit = linearOutside(lo, hi, maxCount: maxCount, floor: floor) { return fit }
        if maxCount > 2 {
            let inside = AxisTicks.linear(lo...hi, maxCount: maxCount)
            if inside.count >= 2 { return AxisFit(range: lo...hi, ticks: inside) }
        }
        return ends(lo, hi, logarithmic: false)
    }

    /// A base-10 logarithmic axis for `lo...hi`; nil unless `0 < lo <= hi`, both finite.
    public static func logarithmic(_ lo: Double, _ hi: Double, maxCount: Int, minimum: Double = 0) -> AxisFit? {
        guard lo > 0, let (lo, hi, floor) = widened(lo, hi, minimum: max(minimum, 0), logarithmic: true) else { return nil }
        if maxCount > 2 {
            for mantissas in logMantissas {
                if let fit = logOutside(lo, hi, mantissas: mantissas, maxCount: maxCount, floor: floor) { return fit }
            }
            var inside = logMantissas.map { logValues($0, from: lo, to: hi) }.first { $0.count <= maxCount }
                ?? AxisTicks.logarithmic(lo...hi, maxCount: maxCount)
            // Within a decade a linear step labels more evenly than 1-2-3-5 does.
            if hi < 10 * lo {
                let linear = AxisTicks.linear(lo...hi, maxCount: maxCount)
                if linear.count > inside.count { inside = linear }
            }
            if inside.count >= 2 { return AxisFit(range: lo...hi, ticks: inside) }
        }
        return ends(lo, hi, logarithmic: true)
    }

    // MARK: - Candidates

    /// Nice log-tick mantissas, densest first.
    static let logMantissas: [[Double]] = [[1, 2, 3, 5], [1, 2, 5], [1]]

    /// `lo...hi` made non-empty, with the lowest value the axis may take.
    private static func widened(_ lo: Double, _ hi: Double, minimum: Double, logarithmic: Bool) -> (Double, Double, Double)? {
        guard lo.isFinite, hi.isFinite, lo <= hi else { return nil }
        let floor = min(minimum, lo)
        guard lo == hi else { return (lo, hi, floor) }
        var low = logarithmic ? lo / 1.1 : lo - (lo == 0 ? 1 : abs(lo) * 0.1)
        var high = logarithmic ? hi * 1.1 : hi + (hi == 0 ? 1 : abs(hi) * 0.1)
        low = max(low, floor)
        if logarithmic, !(low > 0) { low = lo }
        if !(low < high) || !high.isFinite { (low, high) = (logarithmic ? lo : lo.nextDown, hi.nextUp) }
        guard low < high, low.isFinite, high.isFinite, !logarithmic || low > 0 else { return nil }
        return (low, high, min(floor, low))
    }

    /// Step 1 on a linear axis: the smallest 1-2-5 step (then its half-shifted
    /// grid) whose enclosing ticks number at most `maxCount` and stick out little.
    private static func linearOutside(_ lo: Double, _ hi: Double, maxCount: Int, floor: Double) -> AxisFit? {
        let span = hi - lo
        guard span.isFinite, span > 0 else { return nil }
        var step = AxisTicks.niceStep(atLeast: span / Double(maxCount - 1))
        while step.isFinite, step > 0, step <= 2 * span {
            let mantissa = step / pow(10, log10(step).rounded(.down))
            for grid in mantissa < 2.5 ? [step, step / 2] : [step] {
                let perStep = (step / grid).rounded()
                let first = (lo / grid + 1e-9).rounded(.down)
                let intervals = max(1, ((hi - first * grid) / step - 1e-9).rounded(.up))
                guard first.isFinite, intervals.isFinite, intervals < Double(maxCount) else { continue }
                let ticks = (0...Int(intervals)).map { (first + Double($0) * perStep) * grid }
                let a = ticks[0], b = ticks[ticks.count - 1]
                guard a >= floor - 1e-9 * step, lo - a <= maxOverhang * (b - a) + 1e-12,
                      b - hi <= maxOverhang * (b - a) + 1e-12 else { continue }
                return AxisFit(range: a...b, ticks: ticks)
            }
            let next = AxisTicks.niceStep(atLeast: step * 1.01)
            guard next > step else { break }
            step = next
        }
        return nil
    }

    /// Step 1 on a log axis: the nice values around `lo` and `hi` and all between.
    private static func logOutside(_ lo: Double, _ hi: Double, mantissas: [Double], maxCount: Int, floor: Double) -> AxisFit? {
        let around = logValues(mantissas, from: lo / 10, to: hi * 10)
        guard let a = around.last(where: { $0 <= lo * (1 + 1e-9) }), let b = around.first(where: { $0 >= hi * (1 - 1e-9) }),
              a < b, a >= floor * (1 - 1e-9) else { return nil }
        let ticks = around.filter { $0 >= a && $0 <= b }
        let decades = log10(b / a)
        guard ticks.count <= maxCount, log10(lo / a) <= maxOverhang * decades + 1e-12,
              log10(b / hi) <= maxOverhang * decades + 1e-12 else { return nil }
        return AxisFit(range: a...b, ticks: ticks)
    }

    /// The values m × 10ᵏ (m in `mantissas`) in `from...to`, ascending.
    static func logValues(_ mantissas: [Double], from: Double, to: Double) -> [Double] {
        guard from > 0, to >= from, to.isFinite else { return [] }
        let k0 = Int(log10(from).rounded(.down)), k1 = Int(log10(to).rounded(.down))
        guard k1 - k0 < 400 else { return [] }
        let low = from * (1 - 1e-12), high = to * (1 + 1e-12)
        var values: [Double] = []
        for k in k0...k1 {
            let power = pow(10, Double(k))
            values += mantissas.map { $0 * power }.filter { $0 >= low && $0 <= high }
        }
        return values
    }

    /// Step 3: the data's ends, rounded to as few significant digits (at least
    /// 2) as keep each within a tenth of the span of its true value.
    private static func ends(_ lo: Double, _ hi: Double, logarithmic: Bool) -> AxisFit {
        func offset(_ a: Double, _ b: Double) -> Double { logarithmic ? abs(log10(a / b)) : abs(a - b) }
        let span = offset(hi, lo)
        var ticks = [lo, hi]
        for digits in 2...9 {
            let rounded = [lo, hi].map { AxisTicks.round($0, significantDigits: digits) }
            guard rounded[0] < rounded[1], !logarithmic || rounded[0] > 0 else { continue }
            if offset(rounded[0], lo) <= span / 10, offset(rounded[1], hi) <= span / 10 {
                ticks = rounded
                break
            }
        }
        return AxisFit(range: min(lo, ticks[0])...max(hi, ticks[1]), ticks: ticks)
    }
}
