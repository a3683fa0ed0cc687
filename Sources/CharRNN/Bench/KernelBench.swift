/// GFLOP/s of the kernels on the shapes training uses.
public enum KernelBench {
    public struct Result: Sendable, Codable, Hashable {
        public var name: String
        public var shape: String
        public var gflops: Double
        public var nanosecondsPerCall: Double
    }

    /// C(M×N) = A(M×K)·B(K×N) with B packed, as in the forward and input-gradient products.
    public static func gemm(m: Int, n: Int, k: Int, name: String) -> Result {
        let a = FloatBuffer(count: m * k), b = FloatBuffer(count: k * n), p = FloatBuffer(count: k * n), c = FloatBuffer(count: m * n)
        for i in 0..<a.count { a.pointer[i] = Float(i % 7) * 0.01 }
        for i in 0..<b.count { b.pointer[i] = Float(i % 5) * 0.01 }
        Matmul.pack(b.pointer, k: k, n: n, ldb: n, into: p.pointer)
        let s = bestSecondsPerCall {
            Matmul.gemmPacked(m: m, n: n, k: k, a: a.pointer, lda: k, panels: p.pointer, c: c.pointer, ldc: n, accumulate: true)
        }
        return Result(name: name, shape: "\(m)×\(k)·\(k)×\(n)", gflops: 2 * Double(m * n * k) / s / 1e9, nanosecondsPerCall: s * 1e9)
    }

    /// C(M×N) += Aᵀ·B with A K×M, as in the weight gradients.
    public static func gemmTN(m: Int, n: Int, k: Int, name: String) -> Result {
        let a = FloatBuffer(count: k * m), b = FloatBuffer(count: k * n), c = FloatBuffer(count: m * n)
        for i in 0..<a.count { a.pointer[i] = Float(i % 7) * 0.01 }
        for i in 0..<b.count { b.pointer[i] = Float(i % 5) * 0.01 }
        let s = bestSecondsPerCall {
            Matmul.gemmTN(m: m, n: n, k: k, a: a.pointer, lda: m, b: b.pointer, ldb: n, c: c.pointer, ldc: n, accumulate: true)
        }
        return Result(name: name, shape: "(\(k)×\(m))ᵀ·\(k)×\(n)", gflops: 2 * Double(m * n * k) / s / 1e9, nanosecondsPerCall: s * 1e9)
    }

    /// Nanoseconds per element of the elementwise kernels (tanh, softmax-CE per row of V).
    public static func elementwise(count: Int, v: Int) -> [Result] {
        let x = FloatBuffer(count: count)
        for i in 0..<count { x.pointer[i] = Float(i % 200) * 0.02 - 2 }
        let tanh = bestSecondsPerCall {
            x.pointer.update(repeating: 0.3, count: 16)
            Tanh.forward(x.pointer, count: count)
        }
        let vp = roundUpTo16(v)
        let rows = count / vp
        let z = FloatBuffer(count: rows * vp), bias = FloatBuffer(count: vp)
        let targets = IndexBuffer(count: rows)
        for r in 0..<rows { targets.pointer[r] = Int32(r % v) }
        let softmax = bestSecondsPerCall {
            blackHole(SoftmaxCrossEntropy.forward(logits: z.pointer, rows: rows, v: v, vp: vp, bias: bias.pointer, targets: targets.pointer, gradientScale: 1e-3))
        }
        return [
            Result(name: "tanh", shape: "\(count)", gflops: 0, nanosecondsPerCall: tanh * 1e9 / Double(count)),
            Result(name: "softmax-xent", shape: "\(rows)×\(v)", gflops: 0, nanosecondsPerCall: softmax * 1e9 / Double(rows)),
        ]
    }
}
