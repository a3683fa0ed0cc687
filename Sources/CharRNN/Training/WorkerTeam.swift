import Dispatch

/// The threads that share every operation of a batch in the whole-batch
/// strategy (`BatchRunner.Strategy`); `.single` runs everything inline.
///
/// An operation is cut into parts that write disjoint outputs — row ranges of an
/// element-wise pass or of a product over many rows, column ranges of a product
/// over a few rows — and each output element is computed exactly as one thread
/// would compute it, so results do not depend on the number of threads.
public struct WorkerTeam: Sendable {
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    public static let single = WorkerTeam(threads: 1)

    /// Calls `body` on contiguous ranges covering 0..<n, at most one per thread,
    /// concurrently; every bound but n is a multiple of `granule`.
    public func split(_ n: Int, granule: Int = 1, _ body: (Range<Int>) -> Void) {
        guard n > 0 else { return }
        let units = (n + granule - 1) / granule
        let parts = min(threads, units)
        guard parts > 1 else { return body(0..<n) }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = min(n, units * p / parts * granule), hi = min(n, units * (p + 1) / parts * granule)
                if lo < hi { shared.value(lo..<hi) }
            }
        }
    }

    // MARK: - Products

    /// `Matmul.gemmPacked` with the columns of C split on panel bounds (32): for
    /// a few rows against a large matrix, each thread reads only its panels.
    func gemmPackedColumns(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, panels: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        split(n, granule: 32) { cols in
            Matmul.gemmPacked(m: m, n: cols.count, k: k, a: a, lda: lda, panels: panels + cols.lowerBound * k,
                              c: c + cols.lowerBound, ldc: ldc, accumulate: accumulate)
        }
    }

    /// `Matmul.gemmPacked` with the rows of C split: for products over all steps.
    func gemmPackedRows(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, panels: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        split(m, granule: 24) { rows in
            Matmul.gemmPacked(m: rows.count, n: n, k: k, a: a + rows.lowerBound * lda, lda: lda, panels: panels,
                              c: c + rows.lowerBound * ldc, ldc: ldc, accumulate: accumulate)
        }
    }

    /// `Matmul.gemmTN` (C += Aᵀ·B, A is K×M) with the rows of C split.
    func gemmTN(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        split(m, granule: 16) { rows in
            Matmul.gemmTN(m: rows.count, n: n, k: k, a: a + rows.lowerBound, lda: lda, b: b, ldb: ldb,
                          c: c + rows.lowerBound * ldc, ldc: ldc, accumulate: true)
        }
    }

    /// sums[j] += Σ_r x[r, j] with the columns split (each column sums its rows in order).
    func addColumnSums(_ x: UnsafePointer<Float>, rows: Int, width: Int, ld: Int, into sums: UnsafeMutablePointer<Float>) {
        split(width, granule: 16) { cols in
            VectorOps.addColumnSums(x + cols.lowerBound, rows: rows, width: cols.count, ld: ld, into: sums + cols.lowerBound)
        }
    }
}

/// Runs `body(0..<count)` on `count` threads (inline when `count == 1`) and waits.
func parallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 1 {
        body(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}

/// A value handed to the threads of one `WorkerTeam.split` call, which all
/// finish before the call returns.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
