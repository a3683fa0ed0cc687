/// "Did you mean" suggestions for mistyped names.
public enum Suggestions {
    /// The names `word` was probably meant to be, best first (at most `limit`).
    ///
    /// A name qualifies when one of the two is a prefix of the other (`pred`,
    /// `predicts` → `predict`) or when their edit distance, with swapped
    /// neighbours counting as one edit, is at most 1 for words of up to three
    /// letters and 2 for longer ones (`trian` → `train`). Case is ignored.
    public static func candidates(for word: String, among names: [String], limit: Int = 3) -> [String] {
        let typed = word.lowercased()
        guard !typed.isEmpty else { return [] }
        let allowed = typed.count <= 3 ? 1 : 2
        var scored: [(name: String, distance: Int, prefix: Bool)] = []
        for name in names {
            let lower = name.lowercased()
            let prefix = lower.hasPrefix(typed) || (typed.hasPrefix(lower) && lower.count >= 3)
            let distance = editDistance(typed, lower)
            if prefix || distance <= allowed { scored.append((name, distance, prefix)) }
        }
        scored.sort { a, b in
            if a.distance != b.distance { return a.distance < b.distance }
            if a.prefix != b.prefix { return a.prefix }
            return a.name < b.name
        }
        return scored.prefix(limit).map(\.name)
    }

    /// `did you mean "train"?`, `did you mean "save" or "sample"?`, or nil when nothing is close.
    public static func didYouMean(_ word: String, among names: [String]) -> String? {
        let found = candidates(for: word, among: names)
        guard !found.isEmpty else { return nil }
        let quoted = found.map { "\"\($0)\"" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        return "did you mean \(list)?"
    }

    /// Edits (insert, delete, substitute, swap two neighbours) turning `a` into
    /// `b`: the optimal-string-alignment distance.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[s.count][t.count]
    }
}
