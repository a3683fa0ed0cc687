import Foundation

/// Short number labels for axes and legends: `7.36`, `12.5`, `1.2k`, `3e-5`.
public enum NumberFormat {
    /// `value` rounded to `significantDigits` (clamped to 1...9) significant
    /// digits, trailing zeros dropped.
    ///
    /// Magnitudes from 1000 use the suffixes k, M, G, T; magnitudes below 0.001
    /// and from 10¹⁵ use `e` notation (`1.5e-4`). Non-finite values give
    /// `nan`, `inf`, `-inf`. Negative values start with `-`.
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
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

    // MARK: - Helpers

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
