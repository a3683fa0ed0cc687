import Foundation

/// The inverse error function in single precision, evaluated the way XLA's
/// CPU backend evaluates `erf_inv` for `float32` operands.
///
/// XLA uses Mike Giles' single-precision approximation ("Approximating the
/// erfinv function", GPU Computing Gems Jade Edition, 2011): with
/// `w = -log1p(-x²)`, a degree-8 polynomial in `w - 2.5` when `w < 5` and in
/// `sqrt(w) - 3` otherwise, multiplied by `x`; `|x| == 1` maps to `±∞`.
///
/// To reproduce JAX's bits, the evaluation follows the code XLA generates on
/// an x86-64 CPU with FMA (JAX's usual CPU target): the polynomial steps are
/// fused multiply-adds, `-x²` is rounded before `log1p`, and `log1p` is XLA's
/// own `float32` approximation (`XLAFloat32.log1p`), not the C library's.
public enum ErfInv {
    /// Giles' coefficients for `w < 5`, highest degree first.
    static let central: [Float] = [
        2.81022636e-08, 3.43273939e-07, -3.5233877e-06,
        -4.39150654e-06, 0.00021858087, -0.00125372503,
        -0.00417768164, 0.246640727, 1.50140941,
    ]

    /// Giles' coefficients for `w >= 5` (the tails), highest degree first.
    static let tail: [Float] = [
        -0.000200214257, 0.000100950558, 0.00134934322,
        -0.00367342844, 0.00573950773, -0.0076224613,
        0.00943887047, 1.00167406, 2.83297682,
    ]

    /// `erfinv(x)` for `x` in `[-1, 1]`; NaN outside it.
    public static func float32(_ x: Float) -> Float {
        if x.isNaN { return x }
        if abs(x) > 1 { return .nan }
        if abs(x) == 1 { return x * .infinity }
        let logOneMinusSquare = XLAFloat32.log1p(x * -x)   // = -w
        let isCentral = logOneMinusSquare > -5
        let t: Float = isCentral ? -2.5 - logOneMinusSquare : (-logOneMinusSquare).squareRoot() - 3
        let coefficients = isCentral ? central : tail
        var p = coefficients[0]
        for c in coefficients.dropFirst() {
            p = c.addingProduct(p, t)
        }
        return x * p
    }
}

/// `float32` elementary functions as XLA's CPU backend computes them, where
/// they differ from the C library: `log` (a Cephes-style range reduction and
/// polynomial), `log1p` (a Cephes rational approximation near zero, `log(1+x)`
/// elsewhere) and `erf` (a clamped rational approximation). Fused
/// multiply-adds stand where the generated machine code has them.
enum XLAFloat32 {
    // MARK: log

    /// √½, the split point of the mantissa range reduction.
    static let sqrtHalf = Float(bitPattern: 0x3F35_04F3)                 // 0.70710677
    /// Polynomial for `log(1+x)` on the reduced range, in three chains of
    /// three coefficients each (0.070376836 ... 0.3333333).
    static let logChainA: [Float] = [0x3D90_21BB, 0xBDEB_D1B8, 0x3DEF_251A].map(Float.init(bitPattern:))
    static let logChainB: [Float] = [0xBDFE_5D4F, 0x3E11_E9BF, 0xBE2A_AE50].map(Float.init(bitPattern:))
    static let logChainC: [Float] = [0x3E4C_CEAC, 0xBE7F_FFFC, 0x3EAA_AAAA].map(Float.init(bitPattern:))
    /// ln 2 split into a small correction and an 8-bit head.
    static let ln2Low = Float(bitPattern: 0xB95E_8083)                   // -0.00021219444
    static let ln2High = Float(bitPattern: 0x3F31_8000)                  // 0.6933594

    /// Natural logarithm of a `Float` (subnormal inputs are treated as the
    /// smallest normal number).
    static func log(_ y: Float) -> Float {
        if y.isNaN || y < 0 { return .nan }
        if y == 0 { return -.infinity }
        if y == .infinity { return .infinity }
        let bits = max(y, .leastNormalMagnitude).bitPattern
        let mantissa = Float(bitPattern: (bits & 0x807F_FFFF) | 0x3F00_0000)   // in [0.5, 1)
        var exponent = Float(Int32(bits >> 23) - 127) + 1
        var x = mantissa - 1
        if mantissa < sqrtHalf {
            x = x + mantissa
            exponent = exponent - 1
        }
        let x2 = x * x
        let x3 = x2 * x
        let a = logChainA[2].addingProduct(logChainA[1].addingProduct(x, logChainA[0]), x)
        let b = logChainB[2].addingProduct(logChainB[1].addingProduct(x, logChainB[0]), x)
        let c = logChainC[2].addingProduct(logChainC[1].addingProduct(x, logChainC[0]), x)
        var poly = b.addingProduct(a, x3)
        poly = c.addingProduct(poly, x3)
        let tail = (exponent * ln2Low).addingProduct(poly, x3)
        let head = x.addingProduct(x2, -0.5)
        return (head + tail).addingProduct(exponent, ln2High)
    }

    // MARK: log1p

    /// Below this magnitude `log1p` uses the rational approximation.
    static let log1pSmall = Float(bitPattern: 0x3ED4_13CD)               // 0.41421357 (√2 - 1)
    /// Numerator of the rational approximation, highest degree first.
    static let log1pNumerator: [Float] = [
        0x383D_E04B, 0x3EFF_40C5, 0x40D2_84FA, 0x41EF_4B9C, 0x4273_CC76, 0x4264_73AD, 0x41A0_5101,
    ].map(Float.init(bitPattern:))                                       // 4.527e-05 ... 20.039553
    /// Denominator of the rational approximation, highest degree first.
    static let log1pDenominator: [Float] = [
        0x3F80_0000, 0x4171_01AD, 0x42A6_185B, 0x435D_C32D, 0x439A_8CA3, 0x4358_6D8A, 0x4270_7982,
    ].map(Float.init(bitPattern:))                                       // 1 ... 60.11866

    /// `log(1 + x)`.
    static func log1p(_ x: Float) -> Float {
        guard abs(x) < log1pSmall else { return log(x + 1) }
        let x2 = x * x
        var numerator = log1pNumerator[0]
        for c in log1pNumerator.dropFirst() { numerator = c.addingProduct(numerator, x) }
        var denominator = log1pDenominator[0]
        for c in log1pDenominator.dropFirst() { denominator = c.addingProduct(denominator, x) }
        let ratio = numerator / denominator
        return x + ((x * x2) * ratio).addingProduct(x2, -0.5)
    }

    // MARK: erf

    /// Beyond this magnitude `erf` is ±1.
    static let erfClamp = Float(bitPattern: 0x406F_9C68)                  // 3.7439213
    /// Odd numerator polynomial in x², highest degree first.
    static let erfNumerator: [Float] = [
        0x3970_2D51, 0x3B5F_5DA2, 0x3D50_B6EB, 0x3E3D_A740, 0x3F90_6EBA,
    ].map(Float.init(bitPattern:))                                       // 0.00022905065 ... 1.1283791
    /// Denominator polynomial in x², highest degree first.
    static let erfDenominator: [Float] = [
        0xB3FD_3906, 0x37C5_88DF, 0x3A85_6D28, 0x3C66_87D4, 0x3DE3_4C21, 0x3EFE_B44A, 0x3F80_0000,
    ].map(Float.init(bitPattern:))                                       // -1.1791603e-07 ... 1

    /// The error function.
    static func erf(_ x: Float) -> Float {
        if x.isNaN { return x }
        if abs(x) >= erfClamp { return x < 0 ? -1 : 1 }
        let x2 = x * x
        var p = erfNumerator[0]
        for c in erfNumerator.dropFirst() { p = c.addingProduct(p, x2) }
        var q = erfDenominator[0]
        for c in erfDenominator.dropFirst() { q = c.addingProduct(q, x2) }
        return (x * p) / q
    }
}
