/// What Tab did to a line.
public enum CompletionOutcome: Hashable, Sendable {
    /// The word was extended (to the only candidate, or the candidates' common start).
    case completed
    /// Several candidates share no longer start than the word: the caller lists them.
    case ambiguous([String])
    /// Nothing completes the word.
    case none
}

extension LineEditor {
    /// The text before the cursor: what a completer looks at.
    public var textBeforeCursor: String { String(text[..<cursor]) }

    /// Completes the word before the cursor from `candidates`, each a whole
    /// word that starts with it (as a completer returns them). A sole
    /// candidate is inserted with a space after it, unless it ends in `/` (a
    /// folder, whose entries come next); several are extended to their
    /// longest common start.
    public mutating func complete(with candidates: [String]) -> CompletionOutcome {
        let start = wordStart
        let typed = String(text[start..<cursor])
        let matches = candidates.filter { $0.hasPrefix(typed) }
        guard let first = matches.first else { return .none }
        if matches.count == 1 {
            replaceWord(from: start, with: first + (first.hasSuffix("/") ? "" : " "))
            return .completed
        }
        let common = matches.dropFirst().reduce(first) { a, b in String(zip(a, b).prefix { $0 == $1 }.map(\.0)) }
        guard common.count > typed.count else { return .ambiguous(matches) }
        replaceWord(from: start, with: common)
        return .completed
    }

    /// The index where the word ending at the cursor starts (after the last space before it).
    private var wordStart: Int {
        var index = cursor
        while index > 0 && !text[index - 1].isWhitespace { index -= 1 }
        return index
    }

    private mutating func replaceWord(from start: Int, with word: String) {
        text.replaceSubrange(start..<cursor, with: Array(word))
        cursor = start + word.count
    }
}
