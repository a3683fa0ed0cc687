import CharRNNTestSupport
import Foundation
import Testing
@testable import CharRNN

// Reference values were produced with jax 0.10.2 / jaxlib 0.10.2 / flax 0.12.8
// on CPU, with `jax.config.update("jax_threefry_partitionable", False)` (JAX's
// original threefry layout, which d2l's results use) and 32-bit mode unless a
// test says otherwise, on an x86-64 CPU with FMA. Floats are compared by their
// bit patterns, written as `0x...` literals obtained with
// `np.asarray(x, np.float32).view(np.uint32)`.

private func floats(_ bits: [UInt32]) -> [Float] { bits.map(Float.init(bitPattern:)) }

@Suite struct JAXRandomTests {
    // MARK: threefry-2x32

    /// Random123's known-answer vectors for threefry2x32 with 20 rounds
    /// (also reproduced with `jax.extend.random.threefry_2x32(key, counts)`).
    @Test(arguments: [
        ((UInt32(0), UInt32(0)), (UInt32(0), UInt32(0)), (UInt32(0x6b20_0159), UInt32(0x99ba_4efe))),
        ((0xffff_ffff, 0xffff_ffff), (0xffff_ffff, 0xffff_ffff), (0x1cb9_96fc, 0xbb00_2be7)),
        ((0x1319_8a2e, 0x0370_7344), (0x243f_6a88, 0x85a3_08d3), (0xc492_3a9c, 0x483d_f7a0)),
    ])
    func threefryKnownAnswers(key: (UInt32, UInt32), counter: (UInt32, UInt32), expected: (UInt32, UInt32)) {
        let k = ThreefryKey(high: key.0, low: key.1)
        let (y0, y1) = Threefry.block(key: k, counter.0, counter.1)
        #expect(y0 == expected.0 && y1 == expected.1)
        #expect(Threefry.hash(key: k, counts: [counter.0, counter.1]) == [expected.0, expected.1])
    }

    /// Odd-length counts are padded and split into halves:
    /// `threefry_2x32(uint32[0x13198a2e, 0x03707344], uint32[1, 2, 3, 4, 5])`.
    @Test func hashOddLengthLayout() {
        let key = ThreefryKey(high: 0x1319_8a2e, low: 0x0370_7344)
        #expect(Threefry.hash(key: key, counts: [1, 2, 3, 4, 5])
            == [0xd8d4_155a, 0xe604_c4d5, 0x6d92_a47b, 0xe6c3_6ced, 0x1928_702e])
        #expect(Threefry.hash(key: key, counts: []) == [])
    }

    // MARK: keys

    /// `jax.random.PRNGKey(seed)`; the 64-bit seeds with `jax_enable_x64`.
    @Test func prngKeyFromSeed() {
        #expect(ThreefryKey(seed: UInt64(0)) == ThreefryKey(high: 0, low: 0))
        #expect(ThreefryKey(seed: UInt64(42)) == ThreefryKey(high: 0, low: 0x2a))
        #expect(ThreefryKey(seed: UInt64(0x1_2345_6789)) == ThreefryKey(high: 1, low: 0x2345_6789))
        #expect(ThreefryKey(seed: Int64(-1)) == ThreefryKey(high: 0xffff_ffff, low: 0xffff_ffff))
    }

    /// `jax.random.fold_in(key, n)`.
    @Test func foldIn() {
        let k0 = ThreefryKey(seed: UInt64(0))
        #expect(k0.foldIn(0) == ThreefryKey(high: 0x6b20_0159, low: 0x99ba_4efe))
        #expect(k0.foldIn(1) == ThreefryKey(high: 0x375f_238f, low: 0xcddb_151d))
        #expect(k0.foldIn(2) == ThreefryKey(high: 0xf71f_4ea9, low: 0xa20e_4081))
        #expect(k0.foldIn(7) == ThreefryKey(high: 0xa1ef_7a4d, low: 0x116e_b6b3))
        #expect(k0.foldIn(0xdead_beef) == ThreefryKey(high: 0xd0d2_5fe1, low: 0x82ed_9255))
        #expect(ThreefryKey(seed: UInt64(42)).foldIn(3) == ThreefryKey(high: 0xbad5_6946, low: 0x354b_a891))
        // With jax_enable_x64: fold_in(PRNGKey(0x123456789), 5).
        #expect(ThreefryKey(seed: UInt64(0x1_2345_6789)).foldIn(5) == ThreefryKey(high: 0x0df8_0cdb, low: 0xae31_270b))
    }

    /// `nnx.Rngs(0)`: successive `rngs.params()` keys are fold_in(PRNGKey(0), n).
    @Test func nnxStream() {
        var stream = NNXRngStream(seed: 0)
        #expect(stream.next() == ThreefryKey(high: 0x6b20_0159, low: 0x99ba_4efe))
        #expect(stream.next() == ThreefryKey(high: 0x375f_238f, low: 0xcddb_151d))
        #expect(stream.next() == ThreefryKey(high: 0xf71f_4ea9, low: 0xa20e_4081))
        #expect(stream.count == 3)
    }

    // MARK: bits

    /// `jax.random.bits(jax.random.fold_in(jax.random.PRNGKey(0), 1), (n,))`.
    @Test func randomBits() {
        let key = ThreefryKey(seed: UInt64(0)).foldIn(1)
        #expect(Threefry.randomBits(key: key, count: 5, layout: .original)
            == [0x9456_d9e8, 0x2f26_2a13, 0xa757_c69b, 0xc8f7_b3d5, 0x2de5_98d0])
        #expect(Threefry.randomBits(key: key, count: 6, layout: .original)
            == [0x9456_d9e8, 0x2f26_2a13, 0x06df_5120, 0xc8f7_b3d5, 0x2de5_98d0, 0x278c_3e6c])
        // jax.random.bits(PRNGKey(42), (1,)).
        #expect(Threefry.randomBits(key: ThreefryKey(seed: UInt64(42)), count: 1, layout: .original) == [0x6d3e_048f])
        #expect(Threefry.randomBits(key: key, count: 0, layout: .original) == [])
    }

    /// The same draws with `jax_threefry_partitionable=True` (JAX's default
    /// since 0.5): each word is `y0 ^ y1` of the block `(0, i)`.
    @Test func randomBitsPartitionable() {
        let key = ThreefryKey(seed: UInt64(0)).foldIn(1)
        #expect(Threefry.randomBits(key: key, count: 5, layout: .partitionable)
            == [0x01de_0365, 0x0559_2150, 0x94d8_5fc8, 0x5ca1_6a3d, 0x3919_0003])
        let unit = JAXRandom.uniform(key: key, count: 5, layout: .partitionable)
        #expect(unit.map(\.bitPattern) == [0x3bef_0100, 0x3cab_2400, 0x3f14_d85e, 0x3eb9_42d4, 0x3e64_6400])
    }

    // MARK: floats

    /// `jax.random.uniform(fold_in(PRNGKey(0), 1), (5,))` and with
    /// `minval=-3.0, maxval=0.5`; exact bits. The second case needs the scale
    /// and offset as one fused multiply-add, as XLA computes it.
    @Test func uniform() {
        let key = ThreefryKey(seed: UInt64(0)).foldIn(1)
        let unit = JAXRandom.uniform(key: key, count: 5, minval: 0, maxval: 1, layout: .original)
        #expect(unit.map(\.bitPattern) == [0x3f14_56d8, 0x3e3c_98a8, 0x3f27_57c6, 0x3f48_f7b2, 0x3e37_9660])
        let shifted = JAXRandom.uniform(key: key, count: 5, minval: -3, maxval: 0.5, layout: .original)
        #expect(shifted.map(\.bitPattern) == [0xbf78_d00c, 0xc016_be9b, 0xbf36_4ccb, 0xbe81_3a22, 0xc017_d71b])
    }

    /// `jax.jit(jax.lax.erf)` on float32 scalars; exact bits. The first and
    /// seventh inputs are -2/sqrt2 and 3/sqrt2, the truncation bounds used below.
    @Test func erf() {
        let x = floats([0xbfb5_04f3, 0x0000_0000, 0x3a83_126f, 0x3e99_999a, 0xbf35_04f3, 0x3f80_0000,
                        0x4007_c3b6, 0xc040_0000, 0x406c_cccd, 0x4073_3333, 0xc0a0_0000])
        let y: [UInt32] = [0xbf74_5a18, 0x0000_0000, 0x3a93_e61c, 0x3ea8_41c6, 0xbf2e_c4bd, 0x3f57_bb3e,
                           0x3f7f_4f11, 0xbf7f_fe8e, 0x3f7f_ffff, 0x3f80_0000, 0xbf80_0000]
        #expect(x.map { XLAFloat32.erf($0).bitPattern } == y)
        #expect(JAXRandom.erf32(-2 / JAXRandom.sqrt2).bitPattern == 0xbf74_5a18)
        #expect(JAXRandom.erf32(-1 / JAXRandom.sqrt2).bitPattern == 0xbf2e_c4bd)
    }

    /// `jax.jit(jnp.log1p)` on float32 scalars, both sides of the switch
    /// between the rational approximation and log(1 + x); exact bits.
    @Test func log1p() {
        let x = floats([0xbf66_6666, 0xbf19_999a, 0xbed4_13cd, 0xbed4_13cb, 0xbe80_0000, 0xba83_126f,
                        0x0000_0000, 0x3586_37bd, 0x3e4c_cccd, 0x3ed4_13cd, 0x3f00_0000, 0x4040_0000])
        let y: [UInt32] = [0xc013_5d8d, 0xbf6a_9208, 0xbf08_e8a6, 0xbf08_e8a6, 0xbe93_4b10, 0xba83_2339,
                           0x0000_0000, 0x3586_37b9, 0x3e3a_b281, 0x3eb1_7217, 0x3ecf_991f, 0x3fb1_7218]
        #expect(x.map { XLAFloat32.log1p($0).bitPattern } == y)
        #expect(XLAFloat32.log(0) == -.infinity)
        #expect(XLAFloat32.log(-1).isNaN)
    }

    /// `jax.lax.erf_inv(x)` on a float32 array, including the tail branch
    /// (|x| > 0.9966); exact bits.
    @Test func erfInv() {
        let x = floats([0xbf7f_ffef, 0xbf7d_70a4, 0xbf66_6666, 0xbf00_0000, 0xbdcc_cccd, 0x0000_0000,
                        0x3727_c5ac, 0x3e99_999a, 0x3f33_3333, 0x3f73_3333, 0x3f7e_cbfb, 0x3f7f_ff58])
        let y: [UInt32] = [0xc05d_40b6, 0xbfe9_2333, 0xbf94_e009, 0xbef4_30fe, 0xbdb5_fa21, 0x0000_0000,
                           0x3714_af27, 0x3e8b_803d, 0x3f3b_9d4f, 0x3fb1_654b, 0x3fff_dcc7, 0x4047_e297]
        #expect(x.map { ErfInv.float32($0).bitPattern } == y)
        // Inputs on both sides of log1p's switch where the C library's log1pf
        // in place of XLA's log1p changes the last bit of the result.
        let x2 = floats([0xbf2b_82fa, 0x3f26_c26e, 0xbf4d_48a6, 0x3f14_62b0, 0xbf05_863b])
        let y2: [UInt32] = [0xbf30_524e, 0x3f29_ac23, 0xbf68_f6b1, 0x3f11_dca7, 0xbf00_508f]
        #expect(x2.map { ErfInv.float32($0).bitPattern } == y2)
        #expect(ErfInv.float32(1) == .infinity)
        #expect(ErfInv.float32(-1) == -.infinity)
        #expect(ErfInv.float32(1.5).isNaN)
    }

    /// `jax.random.truncated_normal(PRNGKey(42), -2.0, 2.0, (7,))`,
    /// `truncated_normal(fold_in(PRNGKey(0), 1), -1.0, 3.0, (5,))` and
    /// `truncated_normal(PRNGKey(1), -2.0, 2.0, (3,))`; exact bits.
    @Test func truncatedNormal() {
        let a = JAXRandom.truncatedNormal(key: ThreefryKey(seed: UInt64(42)), count: 7, lower: -2, upper: 2, layout: .original)
        #expect(a.map(\.bitPattern)
            == [0x3eee_656a, 0x3e76_52c8, 0xbf18_591d, 0xbe86_8e27, 0x3f2d_7158, 0xbf0a_360b, 0xbfc5_9fb0])
        let b = JAXRandom.truncatedNormal(key: ThreefryKey(seed: UInt64(0)).foldIn(1), count: 5, lower: -1, upper: 3, layout: .original)
        #expect(b.map(\.bitPattern) == [0x3ebe_ed64, 0xbef9_01e0, 0x3f0b_fbce, 0x3f68_7670, 0xbefe_f5a2])
        let c = JAXRandom.truncatedNormal(key: ThreefryKey(seed: UInt64(1)), count: 3, lower: -2, upper: 2, layout: .original)
        #expect(c.map(\.bitPattern) == [0x3e28_b6b3, 0xbf1d_3320, 0x3f91_28d6])
    }

    /// `jax.nn.initializers.he_normal()(key, shape, float32)` with the
    /// `nnx.Rngs(0)` keys n = 0 (2x3) and n = 1 (3x3); exact bits.
    @Test func heNormal() {
        var rngs = NNXRngStream(seed: 0)
        let wxh = JAXRandom.heNormal(key: rngs.next(), shape: (rows: 2, cols: 3), layout: .original)
        let whh = JAXRandom.heNormal(key: rngs.next(), shape: (rows: 3, cols: 3), layout: .original)
        #expect(wxh.map(\.bitPattern) == [0x4007_d16c, 0xbdf7_2355, 0x3f22_4d6b, 0x3fa3_c003, 0xbf66_418b, 0x3f25_6d29])
        #expect(whh.map(\.bitPattern) == [0x3eec_e70a, 0x3da2_2af5, 0x3e82_5254, 0xbe32_0cac, 0x3f80_00a8,
                                           0x3ed1_c802, 0x3e46_d9f3, 0xbd25_4141, 0xbf63_7842])
    }

    // MARK: acceptance

    /// d2l's `RNNScratch(num_inputs=2, num_hiddens=3, rngs=nnx.Rngs(0))`:
    /// W_xh (2x3) from key n = 0, W_hh (3x3) from n = 1, b_h zeros (n = 2 is
    /// drawn and unused), all he_normal with fan_in = rows. Run on ones of
    /// shape (2 steps, batch 2, 2 inputs) from h_0 = 0; the expected states
    /// are d2l's printed outputs.
    @Test func d2lRNNScratchAcceptance() {
        let numInputs = 2, numHiddens = 3, batch = 2, steps = 2
        var rngs = NNXRngStream(seed: 0)
        let wxh = JAXRandom.heNormal(key: rngs.next(), shape: (rows: numInputs, cols: numHiddens), layout: .original)
        let whh = JAXRandom.heNormal(key: rngs.next(), shape: (rows: numHiddens, cols: numHiddens), layout: .original)
        _ = rngs.next()
        let bh = [Float](repeating: 0, count: numHiddens)

        let expected: [[Float]] = [
            [0.9977814, -0.7699115, 0.8565357],
            [0.9995162, -0.9408712, 0.42814836],
        ]
        var h = [[Float]](repeating: [Float](repeating: 0, count: numHiddens), count: batch)
        var errors: [Double] = []
        for t in 0..<steps {
            let x = [[Float]](repeating: [Float](repeating: 1, count: numInputs), count: batch)
            var next = h
            for b in 0..<batch {
                for j in 0..<numHiddens {
                    var s = bh[j]
                    for i in 0..<numInputs { s += x[b][i] * wxh[i * numHiddens + j] }
                    for k in 0..<numHiddens { s += h[b][k] * whh[k * numHiddens + j] }
                    next[b][j] = tanh(s)
                }
            }
            h = next
            for b in 0..<batch {
                for j in 0..<numHiddens {
                    errors.append(Double(abs(h[b][j] - expected[t][j])))
                }
            }
        }
        let maxError = Tolerance.largest(errors)
        #expect(maxError <= 1e-6, "max abs error \(maxError)")
    }
}
