import Foundation

/// The engine's one source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Every draw the engine makes (initialisation, shuffling, sampling) goes through
/// this type, so a seed fixes a run completely and `state` can be saved in a
/// checkpoint and restored for an exact continuation.
public struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
    /// The four 64-bit words of xoshiro256** state. Never all zero.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// Independent streams derived from one user seed.
    public enum Stream: UInt64, Sendable {
        case initialisation = 0
        case shuffling = 0x5348_5546_464C_4531
        case sampling = 0x5341_4D50_4C45_5331
    }

    /// The generator of `stream` for a user seed: the same seed gives unrelated
    /// sequences for initialisation, shuffling and sampling.
    public init(seed: UInt64, stream: Stream) {
        self.init(seed: seed ^ stream.rawValue)
    }

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Restores a saved state; nil when all four words are zero (not a valid state).
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        self.state = (state[0], state[1], state[2], state[3])
    }

    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: SeededGenerator, b: SeededGenerator) -> Bool { a.stateWords == b.stateWords }
    public func hash(into hasher: inout Hasher) { hasher.combine(stateWords) }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    // MARK: - Derived draws (fixed algorithms, so results never depend on the standard library)

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject; unbiased).
    public mutating func nextIndex(below bound: Int) -> Int {
        // Invariant, not input: callers draw from non-empty ranges (windows, vocabulary).
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw (Box–Muller, one value per call).
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUnit()  // (0, 1]
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A standard normal draw conditioned on [lower, upper] (rejection).
    public mutating func nextTruncatedNormal(lower: Double = -2, upper: Double = 2) -> Double {
        while true {
            let z = nextNormal()
            if z >= lower && z <= upper { return z }
        }
    }

    /// A Fisher–Yates shuffle of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var p = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                p.swapAt(i, nextIndex(below: i + 1))
            }
        }
        return p
    }
}
