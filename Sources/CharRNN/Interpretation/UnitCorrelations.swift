import Foundation

extension TextFeature {
    /// The feature at each step of `tokens` (one token per step; `<unk>` is
    /// no character at all). (T)
    public func values(of tokens: [String]) -> [Double] {
        switch self {
        case .space: return tokens.map { $0 == " " ? 1 : 0 }
        case .vowel: return tokens.map { "aeiouAEIOU".contains($0) && $0.count == 1 ? 1 : 0 }
        case .newline: return tokens.map { $0 == "\n" ? 1 : 0 }
        case .wordPosition:
            var position = 0
            return tokens.map { token in
                position = token.allSatisfy(\.isWhitespace) && !token.isEmpty ? 0 : position + 1
                return Double(position)
            }
        case .linePosition:
            var column = 0
            return tokens.map { token in
                defer { column = token == "\n" ? 0 : column + 1 }
                return Double(column)
            }
        case .inQuotes:
            var inside = false
            return tokens.map { token in
                switch token {
                case "\"": inside.toggle(); return inside ? 1 : 0
                case "“": inside = true; return 1
                case "”": inside = false; return 0
                default: return inside ? 1 : 0
                }
            }
        case .inParens:
            var depth = 0
            return tokens.map { token in
                if token == "(" { depth += 1 } else if token == ")" { depth = max(0, depth - 1) }
                return depth > 0 ? 1 : 0
            }
        case .regex(let pattern):
            return Self.regexValues(pattern, tokens)
        }
    }

    /// 1 on each token inside a match of `pattern` over the tokens joined
    /// (`<unk>` as U+FFFD, so each token is one scalar), matched scalar by scalar.
    private static func regexValues(_ pattern: String, _ tokens: [String]) -> [Double] {
        guard let regex = try? Regex(pattern).matchingSemantics(.unicodeScalar) else { return tokens.map { _ in 0 } }
        var text = ""
        var tokenAt: [Int] = []  // UTF-8 offset → token index
        for (i, token) in tokens.enumerated() {
            let scalar = token.unicodeScalars.count == 1 ? token : "\u{FFFD}"
            tokenAt += Array(repeating: i, count: scalar.utf8.count)
            text += scalar
        }
        var out = [Double](repeating: 0, count: tokens.count)
        for match in text.matches(of: regex) where !match.range.isEmpty {
            let lo = text.utf8.distance(from: text.startIndex, to: match.range.lowerBound)
            let hi = text.utf8.distance(from: text.startIndex, to: match.range.upperBound)
            for t in tokenAt[lo] ... tokenAt[hi - 1] { out[t] = 1 }
        }
        return out
    }
}

/// Pearson's correlation of two equally long series.
public enum Pearson {
    /// r = cov(x, y) / (σx σy); nil when either series is constant (or shorter than 2).
    public static func r(_ x: some Collection<Double>, _ y: [Double]) -> Double? {
        // Invariant, not input: both series are read over the same analysed text, one value per step.
        precondition(x.count == y.count)
        let n = Double(y.count)
        guard y.count >= 2 else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }
}

extension UnitRanking {
    /// Every unit of every group of `trace` ranked by |r| with `featureValues`
    /// (T); the order `UnitRanking.correlations` states.
    public static func rank(_ trace: HiddenTrace, featureValues: [Double], cancelled: () -> Bool = { false }) -> [UnitCorrelation]? {
        var out: [UnitCorrelation] = []
        for group in trace.groups {
            if cancelled() { return nil }
            for unit in 0..<group.width {
                let series = (0..<trace.steps).lazy.map { Double(group.value(step: $0, unit: unit)) }
                out.append(UnitCorrelation(state: group.id, unit: unit, r: Pearson.r(series, featureValues)))
            }
        }
        // Stable: ties keep state, then unit order.
        let defined = out.filter { $0.r != nil }.enumerated().sorted { a, b in
            let (ra, rb) = (abs(a.element.r!), abs(b.element.r!))
            return ra != rb ? ra > rb : a.offset < b.offset
        }.map(\.element)
        return defined + out.filter { $0.r == nil }
    }
}
