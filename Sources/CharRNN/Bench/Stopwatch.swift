/// Times a closure: repeats it until `minSeconds` have passed and returns the
/// best of `rounds` rounds, in seconds per call (the least disturbed figure on
/// a shared machine).
public func bestSecondsPerCall(rounds: Int = 5, minSeconds: Double = 0.05, _ body: () -> Void) -> Double {
    body()  // warm up caches and lazy state
    var calls = 1
    while true {
        let t0 = ContinuousClock.now
        for _ in 0..<calls { body() }
        let s = (ContinuousClock.now - t0).seconds
        if s >= minSeconds / Double(rounds) || calls >= 1 << 24 { break }
        calls *= 2
    }
    var best = Double.infinity
    for _ in 0..<rounds {
        let t0 = ContinuousClock.now
        for _ in 0..<calls { body() }
        best = min(best, (ContinuousClock.now - t0).seconds / Double(calls))
    }
    return best
}
