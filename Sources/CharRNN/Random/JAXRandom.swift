import Foundation

// Bit-compatible re-implementation of the parts of JAX's default random number
// generator that Flax NNX parameter initialisation uses: threefry-2x32 keys,
// `fold_in`, `random_bits` in both of JAX's layouts (`ThreefryLayout`),
// `uniform`, `truncated_normal` and the `he_normal` initialiser.
//
// Integer results are exact everywhere. Float results reproduce the bits JAX
// computes on an x86-64 CPU with FMA (how XLA compiles these functions there:
// fused multiply-adds where its generated code has them, and XLA's own float32
// `log1p` and `erf`); other JAX backends can differ in the last bits.

/// A threefry-2x32 key, JAX's `PRNGKey`: two 32-bit words, the high word
/// first (JAX's `key[0]`) and the low word second (`key[1]`).
public struct ThreefryKey: Hashable, Sendable {
    public var high: UInt32
    public var low: UInt32

    public init(high: UInt32, low: UInt32) {
        self.high = high
        self.low = low
    }

    /// `jax.random.PRNGKey(seed)`: the seed's upper 32 bits become the high
    /// word and its lower 32 bits the low word, so a seed below 2^32 gives
    /// the key `(0, seed)`. This is JAX with `jax_enable_x64`; in its default
    /// 32-bit mode JAX keeps only the low 32 bits of a larger seed.
    public init(seed: UInt64) {
        self.init(high: UInt32(truncatingIfNeeded: seed >> 32), low: UInt32(truncatingIfNeeded: seed))
    }

    /// `jax.random.PRNGKey(seed)` for a signed seed: JAX takes the two's
    /// complement 64-bit pattern, so `-1` gives `(0xffffffff, 0xffffffff)`.
    public init(seed: Int64) {
        self.init(seed: UInt64(bitPattern: seed))
    }

    /// `jax.random.fold_in(key, n)`: the key hashed with the counts `[0, n]`
    /// (the 64-bit value `n` split into high and low words).
    public func foldIn(_ n: UInt32) -> ThreefryKey {
        let words = Threefry.hash(key: self, counts: [0, n])
        return ThreefryKey(high: words[0], low: words[1])
    }
}

/// How `random_bits` turns a key into a stream of 32-bit words: JAX's
/// `jax_threefry_partitionable` setting, whose default became `True` in JAX 0.5.
public enum ThreefryLayout: Sendable {
    /// The default since JAX 0.5: word i is `y0 ^ y1` of the block
    /// `(i >> 32, i & 0xffffffff)`, so any slice of the output can be computed alone.
    case partitionable
    /// The original layout (`jax_threefry_partitionable=False`): the counters
    /// 0…n−1 hashed as one `threefry_2x32` call (see `Threefry.hash`).
    case original
}

/// The threefry-2x32 block cipher with 20 rounds (Salmon et al., "Parallel
/// random numbers: as easy as 1, 2, 3", SC 2011) and JAX's way of applying it
/// to a vector of counters.
public enum Threefry {
    /// Rotation amounts of the eight distinct rounds of threefry-2x32.
    static let rotations: [UInt32] = [13, 15, 26, 6, 17, 29, 16, 24]

    /// The key-schedule parity constant of threefry-2x32.
    static let parity: UInt32 = 0x1BD1_1BDA

    @inline(__always)
    static func rotateLeft(_ v: UInt32, by r: UInt32) -> UInt32 {
        (v << r) | (v >> (32 &- r))
    }

    /// Encrypts one block `(x0, x1)` under `key` with 20 rounds.
    public static func block(key: ThreefryKey, _ x0: UInt32, _ x1: UInt32) -> (UInt32, UInt32) {
        let schedule: [UInt32] = [key.high, key.low, key.high ^ key.low ^ parity]
        var a = x0 &+ schedule[0]
        var b = x1 &+ schedule[1]
        // Five groups of four rounds, with a key injection after each group.
        for group in 1...5 {
            let offset = (group - 1) % 2 == 0 ? 0 : 4
            for round in 0..<4 {
                a = a &+ b
                b = rotateLeft(b, by: rotations[offset + round])
                b ^= a
            }
            a = a &+ schedule[group % 3]
            b = b &+ schedule[(group + 1) % 3] &+ UInt32(group)
        }
        return (a, b)
    }

    /// JAX's `threefry_2x32(key, counts)`: the counts are padded with one
    /// zero to an even length, the first half is used as word 0 and the second
    /// half as word 1 of each block, and the result is the concatenation of
    /// the word-0 outputs and the word-1 outputs, truncated to the input
    /// length.
    public static func hash(key: ThreefryKey, counts: [UInt32]) -> [UInt32] {
        let n = counts.count
        if n == 0 { return [] }
        let half = (n + 1) / 2
        var out = [UInt32](repeating: 0, count: 2 * half)
        for i in 0..<half {
            let x0 = counts[i]
            let x1 = half + i < n ? counts[half + i] : 0
            let (y0, y1) = block(key: key, x0, x1)
            out[i] = y0
            out[half + i] = y1
        }
        if out.count > n { out.removeLast(out.count - n) }
        return out
    }

    /// `jax.random.bits(key, (count,), uint32)` in `layout`.
    public static func randomBits(key: ThreefryKey, count: Int, layout: ThreefryLayout) -> [UInt32] {
        // Invariants, not input: counts and shapes come from a validated model configuration.
        precondition(count >= 0, "negative count")
        switch layout {
        case .partitionable:
            return (0..<count).map { i in
                let (y0, y1) = block(key: key, UInt32(truncatingIfNeeded: UInt64(i) >> 32), UInt32(truncatingIfNeeded: i))
                return y0 ^ y1
            }
        case .original:
            precondition(UInt64(count) <= UInt64(UInt32.max), "more than 2^32 - 1 words need JAX's split layout")
            return hash(key: key, counts: (0..<count).map { UInt32(truncatingIfNeeded: $0) })
        }
    }
}

/// Float-valued samplers matching `jax.random` for `float32` outputs.
public enum JAXRandom {
    /// √2 rounded to `Float`, as JAX's `np.array(np.sqrt(2), float32)`.
    static let sqrt2 = Float(2.0.squareRoot())

    /// The standard deviation of a standard normal truncated to (-2, 2), the
    /// divisor Flax's `variance_scaling` applies for `truncated_normal`.
    static let truncatedStdDev = Float(0.87962566103423978)

    /// A float in [1, 2) built from the top 23 bits of `bits`, minus 1.
    @inline(__always)
    static func unitFloat(_ bits: UInt32) -> Float {
        Float(bitPattern: (bits >> 9) | 0x3F80_0000) - 1
    }

    /// `jax.random.uniform(key, (count,), float32, minval, maxval)`.
    public static func uniform(key: ThreefryKey, count: Int, minval: Float = 0, maxval: Float = 1, layout: ThreefryLayout) -> [Float] {
        let span = maxval - minval
        // XLA fuses the scale and offset into one multiply-add.
        return Threefry.randomBits(key: key, count: count, layout: layout).map { bits in
            max(minval, minval.addingProduct(unitFloat(bits), span))
        }
    }

    /// `jax.lax.erf` of a `float32` value.
    static func erf32(_ x: Float) -> Float {
        XLAFloat32.erf(x)
    }

    /// `jax.random.truncated_normal(key, lower, upper, (count,), float32)`:
    /// uniform samples between `erf(lower/√2)` and `erf(upper/√2)` mapped
    /// through `erfinv` and scaled by √2, then clipped into the open interval
    /// `(lower, upper)`. The bounds go through XLA's runtime float32 `erf`, as
    /// in an eager call; inside a `jit` with constant bounds XLA folds them
    /// with the C library's `erf` instead, which agrees for ±2 (he_normal).
    public static func truncatedNormal(key: ThreefryKey, count: Int, lower: Float, upper: Float, layout: ThreefryLayout) -> [Float] {
        let a = erf32(lower / sqrt2)
        let b = erf32(upper / sqrt2)
        let low = lower.nextUp
        let high = upper.nextDown
        return uniform(key: key, count: count, minval: a, maxval: b, layout: layout).map { u in
            let z = ErfInv.float32(u) * sqrt2
            return min(max(z, low), high)
        }
    }

    /// Flax's `he_normal()` (variance scaling 2, fan-in, truncated normal)
    /// for a row-major `(rows, cols)` kernel with `fan_in = rows`.
    public static func heNormal(key: ThreefryKey, shape: (rows: Int, cols: Int), layout: ThreefryLayout) -> [Float] {
        // Invariant, not input: shapes come from a validated model configuration.
        precondition(shape.rows > 0 && shape.cols >= 0, "invalid kernel shape")
        let variance = Float(2.0 / Double(shape.rows))
        let stddev = variance.squareRoot() / truncatedStdDev
        return truncatedNormal(key: key, count: shape.rows * shape.cols, lower: -2, upper: 2, layout: layout).map { $0 * stddev }
    }
}

/// The key stream of `flax.nnx.Rngs(seed)` used as one stream: the n-th draw
/// (n = 0, 1, 2, …) uses `fold_in(PRNGKey(seed), n)`.
public struct NNXRngStream: Sendable {
    public let root: ThreefryKey
    public private(set) var count: UInt32 = 0

    public init(seed: UInt64) {
        root = ThreefryKey(seed: seed)
    }

    /// The key for the next draw; advances the counter.
    public mutating func next() -> ThreefryKey {
        let key = root.foldIn(count)
        count &+= 1
        return key
    }
}
