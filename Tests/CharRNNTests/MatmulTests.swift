import CharRNN
import CharRNNTestSupport
import Testing

/// The register-blocked products against a naive triple loop in Double.
///
/// Tolerance: each output is a K-term Float sum of products of values in
/// [−1, 1]; the fused kernel and the Double reference differ by at most
/// K·2⁻²⁴·Σ|aᵢbᵢ|, so we allow 1e-6·K relative to Σ|aᵢbᵢ| (plus 1e-6).
@Suite struct MatmulTests {
    static let sizes = [1, 3, 17, 33, 100]
    static let depths = [1, 3, 17, 100, 257, 513]
    static let tilings: [RegisterFile] = [.wide, .narrow]

    static func random(_ n: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in Float(g.nextUnit() * 2 - 1) }
    }

    /// C = (acc ? C0 : 0) + Σ_k A(i,k)·B(k,j), with A read through (ai, ak) strides.
    static func reference(m: Int, n: Int, k: Int, a: [Float], ai: Int, ak: Int, b: [Float], ldb: Int, c0: [Float], accumulate: Bool)
        -> (values: [Double], magnitude: [Double])
    {
        var out = [Double](repeating: 0, count: m * n), mag = out
        for i in 0..<m {
            for j in 0..<n {
                var s = accumulate ? Double(c0[i * n + j]) : 0
                var t = abs(s)
                for kk in 0..<k {
                    let p = Double(a[i * ai + kk * ak]) * Double(b[kk * ldb + j])
                    s += p
                    t += abs(p)
                }
                out[i * n + j] = s
                mag[i * n + j] = t
            }
        }
        return (out, mag)
    }

    static func check(_ got: [Float], _ want: (values: [Double], magnitude: [Double]), k: Int) -> Bool {
        got.count == want.values.count && !got.isEmpty
            && got.indices.allSatisfy { i in abs(Double(got[i]) - want.values[i]) <= 1e-6 * Double(k + 1) * want.magnitude[i] + 1e-6 }
    }

    @Test(arguments: sizes, depths)
    func gemmMatchesNaive(m: Int, k: Int) {
        for n in Self.sizes + [16, 32, 48, 64] {
            let a = Self.random(m * k, seed: 1), b = Self.random(k * n, seed: 2), c0 = Self.random(m * n, seed: 3)
            for accumulate in [false, true] {
                let want = Self.reference(m: m, n: n, k: k, a: a, ai: k, ak: 1, b: b, ldb: n, c0: c0, accumulate: accumulate)
                var packed = [Float](repeating: .nan, count: k * n)
                Matmul.pack(b, k: k, n: n, ldb: n, into: &packed)
                for tiles in Self.tilings {
                    var c = c0
                    Matmul.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n, accumulate: accumulate, tiles: tiles)
                    #expect(Self.check(c, want, k: k), "gemm m=\(m) n=\(n) k=\(k) acc=\(accumulate) \(tiles)")
                    var cp = c0
                    Matmul.gemmPacked(m: m, n: n, k: k, a: a, lda: k, panels: packed, c: &cp, ldc: n, accumulate: accumulate, tiles: tiles)
                    #expect(Self.check(cp, want, k: k), "gemmPacked m=\(m) n=\(n) k=\(k) acc=\(accumulate) \(tiles)")
                }
            }
        }
    }

    @Test(arguments: sizes, depths)
    func gemmTNMatchesNaive(m: Int, k: Int) {
        for n in Self.sizes + [16, 32, 48] {
            let a = Self.random(k * m, seed: 4), b = Self.random(k * n, seed: 5), c0 = Self.random(m * n, seed: 6)
            let want = Self.reference(m: m, n: n, k: k, a: a, ai: 1, ak: m, b: b, ldb: n, c0: c0, accumulate: true)
            for tiles in Self.tilings {
                var c = c0
                Matmul.gemmTN(m: m, n: n, k: k, a: a, lda: m, b: b, ldb: n, c: &c, ldc: n, accumulate: true, tiles: tiles)
                #expect(Self.check(c, want, k: k), "gemmTN m=\(m) n=\(n) k=\(k) \(tiles)")
            }
        }
    }

    /// Each output is one chain of fused multiply-adds over k whatever the tile,
    /// so the 32-register and 16-register tilings agree bit for bit.
    @Test(arguments: [1, 5, 6, 7, 13, 50, 64], [1, 17, 128, 300])
    func tilingsAgreeBitForBit(m: Int, k: Int) {
        for n in [16, 31, 48, 96, 2 * 512 + 16] {
            let a = Self.random(m * k, seed: 9), b = Self.random(k * n, seed: 10), c0 = Self.random(m * n, seed: 11)
            var packed = [Float](repeating: .nan, count: k * n)
            Matmul.pack(b, k: k, n: n, ldb: n, into: &packed)
            var wide = c0, narrow = c0
            Matmul.gemmPacked(m: m, n: n, k: k, a: a, lda: k, panels: packed, c: &wide, ldc: n, accumulate: true, tiles: .wide)
            Matmul.gemmPacked(m: m, n: n, k: k, a: a, lda: k, panels: packed, c: &narrow, ldc: n, accumulate: true, tiles: .narrow)
            #expect(wide.map(\.bitPattern) == narrow.map(\.bitPattern), "m=\(m) n=\(n) k=\(k)")
        }
    }

    /// Large gemmTN outputs copy their operands into packed blocks first; the sums
    /// must stay those of gemm on the explicit transpose, bit for bit.
    @Test(arguments: [(64, 64, 1), (70, 100, 300), (130, 48, 129), (64, 97, 257)])
    func packedGemmTNEqualsGemmOfTheTranspose(m: Int, n: Int, k: Int) {
        let a = Self.random(k * m, seed: 12), b = Self.random(k * n, seed: 13), c0 = Self.random(m * n, seed: 14)
        var aT = [Float](repeating: 0, count: m * k)
        for kk in 0..<k { for i in 0..<m { aT[i * k + kk] = a[kk * m + i] } }
        for tiles in Self.tilings {
            var tn = c0, nn = c0
            Matmul.gemmTN(m: m, n: n, k: k, a: a, lda: m, b: b, ldb: n, c: &tn, ldc: n, accumulate: true, tiles: tiles)
            Matmul.gemm(m: m, n: n, k: k, a: aT, lda: k, b: b, ldb: n, c: &nn, ldc: n, accumulate: true, tiles: tiles)
            #expect(tn.map(\.bitPattern) == nn.map(\.bitPattern), "m=\(m) n=\(n) k=\(k) \(tiles)")
        }
    }

    @Test func stridedOperandsAndDestinationsLeaveOtherElementsAlone() {
        // A is 5×7 inside rows of 9, C is 5×18 inside rows of 20: the borders must not change.
        let (m, n, k) = (5, 18, 7)
        let a = Self.random(m * 9, seed: 7), b = Self.random(k * 20, seed: 8)
        var c = [Float](repeating: 42, count: m * 20)
        Matmul.gemm(m: m, n: n, k: k, a: a, lda: 9, b: b, ldb: 20, c: &c, ldc: 20, accumulate: false)
        for i in 0..<m {
            #expect(c[i * 20 + 18] == 42 && c[i * 20 + 19] == 42)
            for j in 0..<n {
                let want = (0..<k).reduce(0.0) { $0 + Double(a[i * 9 + $1]) * Double(b[$1 * 20 + j]) }
                #expect(abs(Double(c[i * 20 + j]) - want) < 1e-5)
            }
        }
    }

    @Test func zeroSizesDoNothing() {
        var c: [Float] = [1, 2, 3]
        Matmul.gemm(m: 0, n: 3, k: 2, a: [], lda: 2, b: [0, 0, 0, 0, 0, 0], ldb: 3, c: &c, ldc: 3, accumulate: false)
        Matmul.gemm(m: 1, n: 3, k: 0, a: [], lda: 0, b: [], ldb: 3, c: &c, ldc: 3, accumulate: true)
        #expect(c == [1, 2, 3])
        Matmul.gemm(m: 1, n: 3, k: 0, a: [], lda: 0, b: [], ldb: 3, c: &c, ldc: 3, accumulate: false)
        #expect(c == [0, 0, 0])
    }
}
