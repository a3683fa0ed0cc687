import CharRNN
import CharRNNTestSupport
import Foundation
import Testing

/// The fused softmax cross-entropy against a Double reference.
@Suite struct SoftmaxCrossEntropyTests {
    /// Loss sum and (p − y)·scale per row, in Double.
    static func reference(_ z: [Float], rows: Int, v: Int, vp: Int, bias: [Float], targets: [Int32], scale: Double) -> (Double, [Double]) {
        var loss = 0.0
        var grad = [Double](repeating: 0, count: rows * vp)
        for r in 0..<rows {
            let x = (0..<v).map { Double(z[r * vp + $0]) + Double(bias[$0]) }
            let m = x.max()!
            let s = x.reduce(0) { $0 + exp($1 - m) }
            loss += log(s) + m - x[Int(targets[r])]
            for j in 0..<v { grad[r * vp + j] = exp(x[j] - m) / s * scale }
            grad[r * vp + Int(targets[r])] -= scale
        }
        return (loss, grad)
    }

    static func run(_ z: [Float], rows: Int, v: Int, bias: [Float], targets: [Int32], scale: Float?) -> (Double, [Float]) {
        var z = z
        let vp = (v + 15) / 16 * 16
        let loss = SoftmaxCrossEntropy.forward(logits: &z, rows: rows, v: v, vp: vp, bias: bias, targets: targets, gradientScale: scale)
        return (loss, z)
    }

    @Test(arguments: [1, 2, 5, 16, 17, 28, 33, 100])
    func matchesReference(v: Int) {
        let vp = (v + 15) / 16 * 16
        for rows in [1, 3, 16, 17, 40] {
            var g = SeededGenerator(seed: UInt64(v * 100 + rows))
            let z = (0..<(rows * vp)).map { i in i % vp < v ? Float(g.nextUnit() * 8 - 4) : Float(g.nextUnit() * 100) }
            let bias = (0..<vp).map { $0 < v ? Float(g.nextUnit() - 0.5) : 1000 }
            let targets = (0..<rows).map { _ in Int32(g.nextIndex(below: v)) }
            let (loss, grad) = Self.run(z, rows: rows, v: v, bias: bias, targets: targets, scale: 0.25)
            let (refLoss, refGrad) = Self.reference(z, rows: rows, v: v, vp: vp, bias: bias, targets: targets, scale: 0.25)
            #expect(abs(loss - refLoss) <= 1e-5 * Double(rows) + 1e-6 * abs(refLoss), "v=\(v) rows=\(rows)")
            #expect(Tolerance.worst(grad, refGrad, atol: 2e-7) <= 1, "v=\(v) rows=\(rows)")
            let (lossOnly, untouched) = Self.run(z, rows: rows, v: v, bias: bias, targets: targets, scale: nil)
            #expect(lossOnly == loss)
            #expect(untouched == z)
        }
    }

    @Test func uniformLogitsGivePerplexityV() {
        for v in [2, 28, 100] {
            let vp = (v + 15) / 16 * 16
            let rows = 50
            let (loss, _) = Self.run([Float](repeating: 3, count: rows * vp), rows: rows, v: v, bias: [Float](repeating: 0, count: vp),
                                     targets: (0..<rows).map { Int32($0 % v) }, scale: nil)
            #expect(abs(exp(loss / Double(rows)) - Double(v)) <= 1e-4 * Double(v))
        }
    }

    @Test func largeGapsAboveTheFirstLogitTakeTheExactPath() {
        // Logit 1 exceeds logit 0 by 200: shifting by the first logit would overflow.
        let v = 3, vp = 16
        var z = [Float](repeating: 0, count: vp)
        z[0] = -100; z[1] = 100; z[2] = 99
        let (loss, grad) = Self.run(z, rows: 1, v: v, bias: [Float](repeating: 0, count: vp), targets: [2], scale: 1)
        let (refLoss, refGrad) = Self.reference(z, rows: 1, v: v, vp: vp, bias: [Float](repeating: 0, count: vp), targets: [2], scale: 1)
        #expect(abs(loss - refLoss) < 1e-5)
        #expect(Tolerance.worst(grad, refGrad, atol: 1e-6) <= 1)
    }

    @Test func nonFiniteLogitsGiveANonFiniteLoss() {
        for bad: Float in [.nan, .infinity] {
            var z = [Float](repeating: 0.5, count: 32)
            z[3] = bad
            let (loss, _) = Self.run(z, rows: 2, v: 16, bias: [Float](repeating: 0, count: 16), targets: [1, 2], scale: 1)
            #expect(!loss.isFinite)
        }
    }
}
