/// The tanh non-linearity of the recurrent cell, forward beside backward.
public enum Tanh {
    public typealias V = SIMD16<Float>

    /// x ← tanh(x) in place.  x: (count)
    public static func forward(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            Matmul.store(SIMDMath.tanh(Matmul.load(x + i)), x + i)
            i += 16
        }
        if i < count {
            var tail = V()
            for l in 0..<(count - i) { tail[l] = x[i + l] }
            let y = SIMDMath.tanh(tail)
            for l in 0..<(count - i) { x[i + l] = y[l] }
        }
    }

    /// dx ← dx · (1 − h²) in place, where h = tanh(x) from the forward pass.
    /// h, dx: (count)
    public static func backward(output h: UnsafePointer<Float>, gradient dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 16 <= count {
            let hv = Matmul.load(h + i)
            Matmul.store(Matmul.load(dx + i) * (1 - hv * hv), dx + i)
            i += 16
        }
        while i < count {
            dx[i] *= 1 - h[i] * h[i]
            i += 1
        }
    }
}
