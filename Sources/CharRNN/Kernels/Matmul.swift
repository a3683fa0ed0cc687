/// Register-blocked matrix products on row-major `Float` buffers.
///
/// One micro-kernel serves both products the model needs, because it reads A
/// through two strides: `A(i, k) = a[i * ai + k * ak]`.
/// - `gemm`:   C(M×N) = [C +] A(M×K) · B(K×N)     — forward and input gradients
/// - `gemmTN`: C(M×N) = [C +] Aᵀ · B, A is K×M     — weight gradients over all rows
/// - `gemmPacked`: as `gemm` with B packed into column panels by `pack`.
/// B is read row by row, `B(k, j) = b[k * ldb + j]`; C is `c[i * ldc + j]`.
/// Packing a weight matrix once per minibatch makes each 32-column panel one
/// contiguous K×32 block that stays in L1 while every row tile of A streams past
/// it; row-major B with a power-of-two stride would thrash a few cache sets.
/// The register tile follows the register file (`RegisterFile.current`): with 32
/// vector registers (AVX-512) 4 rows × 32 columns, eight `SIMD16` accumulators;
/// with 16 (AVX2) 6 rows × 16 columns, twelve 8-lane accumulators that leave room
/// for B and the broadcast A, where 4×32 would spill, and 2×32 tiles for the last
/// rows. Then 4×16 and single rows, and a scalar loop for the last < 16 columns.
/// Every element of C is one chain of fused multiply-adds over k in order,
/// whatever tile or thread computes it, so results are deterministic and do not
/// depend on the tiling. Large `gemmTN` outputs pack their operands first.
public enum Matmul {
    public typealias V = SIMD16<Float>

    /// C(M×N) = (accumulate ? C : 0) + A(M×K) · B(K×N).
    public static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, tiles: RegisterFile = .current
    ) {
        product(m: m, n: n, k: k, a: a, ai: lda, ak: 1, b: b, ldb: ldb, packed: false, c: c, ldc: ldc, accumulate: accumulate, tiles: tiles)
    }

    /// C(M×N) = (accumulate ? C : 0) + A(M×K) · B(K×N), with B given as `pack(b, k: k, n: n, ldb:)`.
    public static func gemmPacked(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        panels: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, tiles: RegisterFile = .current
    ) {
        product(m: m, n: n, k: k, a: a, ai: lda, ak: 1, b: panels, ldb: 0, packed: true, c: c, ldc: ldc, accumulate: accumulate, tiles: tiles)
    }

    /// B(K×N, row stride `ldb`) rearranged into column panels for `gemmPacked`.
    ///
    /// The panel of columns `j..<j+w`, `w = min(32, n − j)`, starts at `j·k` and
    /// holds its K rows of w floats contiguously. out: (k·n)
    public static func pack(_ b: UnsafePointer<Float>, k: Int, n: Int, ldb: Int, into out: UnsafeMutablePointer<Float>) {
        var j = 0
        while j < n {
            let w = min(32, n - j)
            let panel = out + j * k
            for kk in 0..<k { (panel + kk * w).update(from: b + kk * ldb + j, count: w) }
            j += w
        }
    }

    /// C(M×N) = (accumulate ? C : 0) + Aᵀ · B, where A is K×M (row stride `lda`) and B is K×N.
    public static func gemmTN(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, tiles: RegisterFile = .current
    ) {
        if m * n < 64 * 64 || k == 0 {
            product(m: m, n: n, k: k, a: a, ai: 1, ak: lda, b: b, ldb: ldb, packed: false, c: c, ldc: ldc, accumulate: accumulate, tiles: tiles)
        } else {
            packedTN(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate, tiles: tiles)
        }
    }

    /// `gemmTN` for large outputs: each block of `kBlock` rows of A and B is first
    /// copied into a contiguous layout — Aᵀ row-major, B in column panels — so the
    /// tiles never walk the long, often power-of-two strides of the originals,
    /// which map a block's rows onto a few cache sets. The sums are unchanged.
    static func packedTN(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, tiles: RegisterFile
    ) {
        let depth = min(k, kBlock)
        let at = UnsafeMutablePointer<Float>.allocate(capacity: m * depth)  // (m, kb): Aᵀ of the block
        let panels = UnsafeMutablePointer<Float>.allocate(capacity: depth * n)  // B's block, packed
        defer { at.deallocate(); panels.deallocate() }
        var k0 = 0
        while k0 < k {
            let kb = min(kBlock, k - k0)
            // Transpose in strips of 16 columns of A: one cache line read per row of the block.
            for i0 in stride(from: 0, to: m, by: 16) {
                let w = min(16, m - i0)
                for kk in 0..<kb {
                    let src = a + (k0 + kk) * lda + i0
                    for ii in 0..<w { at[(i0 + ii) * kb + kk] = src[ii] }
                }
            }
            pack(b + k0 * ldb, k: kb, n: n, ldb: ldb, into: panels)
            block(m: m, n: n, k0: 0, k: kb, kTotal: kb, a: at, ai: kb, ak: 1, b: panels, ldb: 0, packed: true,
                  c: c, ldc: ldc, accumulate: accumulate || k0 > 0, tiles: tiles)
            k0 += kb
        }
    }

    // MARK: - Tiling

    /// Depth of one pass over K: A and B blocks of this many rows stay in L1
    /// while every C tile is updated, instead of streaming all of K per tile.
    static let kBlock = 128

    @inline(__always)
    static func product(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, packed: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, tiles: RegisterFile
    ) {
        guard m > 0, n > 0 else { return }
        if k <= 2 * kBlock {
            block(m: m, n: n, k0: 0, k: k, kTotal: k, a: a, ai: ai, ak: ak, b: b, ldb: ldb, packed: packed, c: c, ldc: ldc, accumulate: accumulate, tiles: tiles)
            return
        }
        // K in blocks, each added onto C.
        var k0 = 0
        while k0 < k {
            let kb = min(kBlock, k - k0)
            block(m: m, n: n, k0: k0, k: kb, kTotal: k, a: a + k0 * ak, ai: ai, ak: ak, b: b, ldb: ldb, packed: packed,
                  c: c, ldc: ldc, accumulate: accumulate || k0 > 0, tiles: tiles)
            k0 += kb
        }
    }

    /// Rows `k0..<k0 + k` of K. `a` already points at row k0 of A; `b` is B's start
    /// (for packed B, panel j starts at `j·kTotal` and its row k0 `k0·width` into it).
    @inline(__always)
    static func block(
        m: Int, n: Int, k0: Int, k: Int, kTotal: Int,
        a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, packed: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, tiles: RegisterFile
    ) {
        // Column block j of B: its first element and row stride.
        @inline(__always) func panel(_ j: Int) -> (UnsafePointer<Float>, Int) {
            let w = min(32, n - j)
            return packed ? (b + j * kTotal + k0 * w, w) : (b + k0 * ldb + j, ldb)
        }
        let wide = tiles == .wide
        var j = 0
        while j + 32 <= n {
            let (b, ldb) = panel(j)
            if wide {
                var i = 0
                while i + 4 <= m {
                    tile4x32(k: k, a: a + i * ai, ai: ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc + j, ldc: ldc, accumulate: accumulate)
                    i += 4
                }
                while i < m {
                    tile1x32(k: k, a: a + i * ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc + j, accumulate: accumulate)
                    i += 1
                }
            } else {
                // Rows in 6-row tiles per 16-column half; the last m mod 6 rows in 2×32 tiles.
                let m6 = m / 6 * 6
                strip16(m: m6, k: k, a: a, ai: ai, ak: ak, b: b, ldb: ldb, c: c + j, ldc: ldc, accumulate: accumulate, tiles: tiles)
                strip16(m: m6, k: k, a: a, ai: ai, ak: ak, b: b + 16, ldb: ldb, c: c + j + 16, ldc: ldc, accumulate: accumulate, tiles: tiles)
                var i = m6
                while i + 2 <= m {
                    tile2x32(k: k, a: a + i * ai, ai: ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc + j, ldc: ldc, accumulate: accumulate)
                    i += 2
                }
                if i < m { tile1x32(k: k, a: a + i * ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc + j, accumulate: accumulate) }
            }
            j += 32
        }
        // The last panel (< 32 columns): 16 columns by SIMD, the rest scalar.
        let (bt, ldbt) = panel(j)
        var jt = 0
        if j + 16 <= n {
            strip16(m: m, k: k, a: a, ai: ai, ak: ak, b: bt, ldb: ldbt, c: c + j, ldc: ldc, accumulate: accumulate, tiles: tiles)
            jt = 16
        }
        if j + jt < n {
            for i in 0..<m {
                for jj in jt..<(n - j) {
                    var s: Float = accumulate ? c[i * ldc + j + jj] : 0
                    for kk in 0..<k { s = s.addingProduct(a[i * ai + kk * ak], bt[kk * ldbt + jj]) }
                    c[i * ldc + j + jj] = s
                }
            }
        }
    }

    /// C(m×16) over all rows: 6-row tiles (16 registers) or 4-row tiles, then single rows.
    @inline(__always)
    static func strip16(
        m: Int, k: Int, a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, tiles: RegisterFile
    ) {
        var i = 0
        if tiles == .narrow {
            while i + 6 <= m {
                tile6x16(k: k, a: a + i * ai, ai: ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc, ldc: ldc, accumulate: accumulate)
                i += 6
            }
        }
        while i + 4 <= m {
            tile4x16(k: k, a: a + i * ai, ai: ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc, ldc: ldc, accumulate: accumulate)
            i += 4
        }
        while i < m {
            tile1x16(k: k, a: a + i * ai, ak: ak, b: b, ldb: ldb, c: c + i * ldc, accumulate: accumulate)
            i += 1
        }
    }

    // MARK: - Micro-kernels

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    @inline(__always)
    static func tile4x32(
        k: Int, a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc
        var r00 = V(), r01 = V(), r10 = V(), r11 = V(), r20 = V(), r21 = V(), r30 = V(), r31 = V()
        if accumulate {
            r00 = load(c0); r01 = load(c0 + 16); r10 = load(c1); r11 = load(c1 + 16)
            r20 = load(c2); r21 = load(c2 + 16); r30 = load(c3); r31 = load(c3 + 16)
        }
        var pa = a, pb = b
        for _ in 0..<k {
            let b0 = load(pb), b1 = load(pb + 16)
            let a0 = V(repeating: pa[0]), a1 = V(repeating: pa[ai])
            let a2 = V(repeating: pa[2 * ai]), a3 = V(repeating: pa[3 * ai])
            r00.addProduct(a0, b0); r01.addProduct(a0, b1)
            r10.addProduct(a1, b0); r11.addProduct(a1, b1)
            r20.addProduct(a2, b0); r21.addProduct(a2, b1)
            r30.addProduct(a3, b0); r31.addProduct(a3, b1)
            pa += ak
            pb += ldb
        }
        store(r00, c0); store(r01, c0 + 16); store(r10, c1); store(r11, c1 + 16)
        store(r20, c2); store(r21, c2 + 16); store(r30, c3); store(r31, c3 + 16)
    }

    @inline(__always)
    static func tile6x16(
        k: Int, a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        var r0 = V(), r1 = V(), r2 = V(), r3 = V(), r4 = V(), r5 = V()
        if accumulate {
            r0 = load(c); r1 = load(c + ldc); r2 = load(c + 2 * ldc)
            r3 = load(c + 3 * ldc); r4 = load(c + 4 * ldc); r5 = load(c + 5 * ldc)
        }
        var pa = a, pb = b
        for _ in 0..<k {
            let b0 = load(pb)
            r0.addProduct(V(repeating: pa[0]), b0)
            r1.addProduct(V(repeating: pa[ai]), b0)
            r2.addProduct(V(repeating: pa[2 * ai]), b0)
            r3.addProduct(V(repeating: pa[3 * ai]), b0)
            r4.addProduct(V(repeating: pa[4 * ai]), b0)
            r5.addProduct(V(repeating: pa[5 * ai]), b0)
            pa += ak
            pb += ldb
        }
        store(r0, c); store(r1, c + ldc); store(r2, c + 2 * ldc)
        store(r3, c + 3 * ldc); store(r4, c + 4 * ldc); store(r5, c + 5 * ldc)
    }

    @inline(__always)
    static func tile4x16(
        k: Int, a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let c0 = c, c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc
        var r0 = V(), r1 = V(), r2 = V(), r3 = V()
        if accumulate { r0 = load(c0); r1 = load(c1); r2 = load(c2); r3 = load(c3) }
        var pa = a, pb = b
        for _ in 0..<k {
            let b0 = load(pb)
            r0.addProduct(V(repeating: pa[0]), b0)
            r1.addProduct(V(repeating: pa[ai]), b0)
            r2.addProduct(V(repeating: pa[2 * ai]), b0)
            r3.addProduct(V(repeating: pa[3 * ai]), b0)
            pa += ak
            pb += ldb
        }
        store(r0, c0); store(r1, c1); store(r2, c2); store(r3, c3)
    }

    @inline(__always)
    static func tile2x32(
        k: Int, a: UnsafePointer<Float>, ai: Int, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        let c0 = c, c1 = c + ldc
        var r00 = V(), r01 = V(), r10 = V(), r11 = V()
        if accumulate { r00 = load(c0); r01 = load(c0 + 16); r10 = load(c1); r11 = load(c1 + 16) }
        var pa = a, pb = b
        for _ in 0..<k {
            let b0 = load(pb), b1 = load(pb + 16)
            let a0 = V(repeating: pa[0]), a1 = V(repeating: pa[ai])
            r00.addProduct(a0, b0); r01.addProduct(a0, b1)
            r10.addProduct(a1, b0); r11.addProduct(a1, b1)
            pa += ak
            pb += ldb
        }
        store(r00, c0); store(r01, c0 + 16); store(r10, c1); store(r11, c1 + 16)
    }

    @inline(__always)
    static func tile1x32(
        k: Int, a: UnsafePointer<Float>, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        var r0 = accumulate ? load(c) : V(), r1 = accumulate ? load(c + 16) : V()
        var pa = a, pb = b
        for _ in 0..<k {
            let av = V(repeating: pa[0])
            r0.addProduct(av, load(pb))
            r1.addProduct(av, load(pb + 16))
            pa += ak
            pb += ldb
        }
        store(r0, c)
        store(r1, c + 16)
    }

    @inline(__always)
    static func tile1x16(
        k: Int, a: UnsafePointer<Float>, ak: Int,
        b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        var r0 = accumulate ? load(c) : V()
        var pa = a, pb = b
        for _ in 0..<k {
            r0.addProduct(V(repeating: pa[0]), load(pb))
            pa += ak
            pb += ldb
        }
        store(r0, c)
    }
}
