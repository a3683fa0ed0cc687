import Foundation

/// Every way the program writes a number: short labels for axes and legends
/// (`7.36`, `1.2k`, `3e-5`), fixed decimals, grouped counts, durations and
/// percentages.
///
/// Non-finite values are written `nan`, `inf` and `-inf` by every format that
/// takes one, except `grouped`, `duration` and `seconds`, which write a
/// placeholder (`-`, `--:--`).
public enum NumberFormat {
    /// `value` rounded to `significantDigits` (clamped to 1...9) significant
    /// digits, trailing zeros dropped.
    ///
    /// Magnitudes from 1000 use the suffixes k, M, G, T; magnitudes below 0.001
    /// and from 10¹⁵ use `e` notation (`1.5e-4`). Non-finite values give
    /// `nan`, `inf`, `-inf`. Negative values start with `-`.
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let digits = min(max(significantDigits, 1), 9)
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        if magnitude < 0.001 || magnitude >= 1e15 { return sign + scientific(magnitude, digits: digits) }

        let suffixes = ["", "k", "M", "G", "T"]
        var tier = 0
        var x = magnitude
        while true {
            let (scaled, decimals) = rounded(x, digits: digits)
            if Double(scaled) >= 1000 * power(decimals), tier < suffixes.count - 1 {
                x /= 1000
                tier += 1
                continue
            }
            return sign + decimalString(scaled, decimals: decimals) + suffixes[tier]
        }
    }

    /// `x` with exactly `decimals` digits after the point: `fixed(2.5, 2)` is `2.50`.
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        return String(format: "%.\(max(0, decimals))f", x)
    }

    public static func fixed(_ x: Float, _ decimals: Int) -> String { fixed(Double(x), decimals) }

    /// `x` rounded to a whole number with thousands separators: 1234567.8 → `1,234,568`; `-` when not finite.
    public static func grouped(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        let digits = String(Int(x.rounded()))
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    public static func grouped(_ n: Int) -> String { grouped(Double(n)) }

    /// A fraction as a percentage with one decimal: 0.623 → `62.3%`.
    public static func percent(_ fraction: Double) -> String { fixed(fraction * 100, 1) + "%" }

    /// The shortest text that reads back as `x`, as Swift prints it: `1.0`, `0.25`.
    public static func shortest(_ x: Float) -> String { "\(x)" }
    public static func shortest(_ x: Double) -> String { "\(x)" }

    /// Seconds with two decimals, `12.34 s`; `-` when unknown.
    public static func seconds(_ s: Double?) -> String {
        guard let s, s.isFinite else { return "-" }
        return fixed(s, 2) + " s"
    }

    /// Seconds as `mm:ss`, or `h:mm:ss` from an hour on; `--:--` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(two(m)):\(two(s))"
    }

    // MARK: - Helpers

    private static func nonFinite(_ x: Double) -> String { x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }

    /// `x` (> 0) as an integer `scaled` and a count of `decimals` with
    /// `x ≈ scaled / 10^decimals` to `digits` significant digits.
    private static func rounded(_ x: Double, digits: Int) -> (scaled: Int64, decimals: Int) {
        let exponent = Int(log10(x).rounded(.down))
        let decimals = max(0, digits - 1 - exponent)
        return (Int64((x * power(decimals)).rounded()), decimals)
    }

    private static func power(_ n: Int) -> Double { pow(10, Double(n)) }

    private static func decimalString(_ scaled: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return String(scaled) }
        let unit = Int64(power(decimals))
        var fraction = String(scaled % unit)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let whole = String(scaled / unit)
        return fraction.isEmpty ? whole : whole + "." + fraction
    }

    private static func scientific(_ x: Double, digits: Int) -> String {
        var exponent = Int(log10(x).rounded(.down))
        let decimals = digits - 1
        var scaled = Int64((mantissa(x, exponent) * power(decimals)).rounded())
        if Double(scaled) >= 10 * power(decimals) {
            exponent += 1
            scaled = Int64((mantissa(x, exponent) * power(decimals)).rounded())
        }
        return decimalString(scaled, decimals: decimals) + "e" + String(exponent)
    }

    /// `x / 10^exponent`, scaled in two steps for subnormal `x`, where
    /// `10^exponent` itself would underflow to zero.
    private static func mantissa(_ x: Double, _ exponent: Int) -> Double {
        exponent < -300 ? (x * 1e300) / power(exponent + 300) : x / power(exponent)
    }
}
