import CharRNN
import Foundation
import TerminalKit

/// The prompt pane: the typed prefix and the generated text after it, the
/// last step's chosen character, probability and entropy, and its top-k
/// candidates as probability bars.
enum PromptView {
    static let generatedColor = Color.green
    static let unknownColor = Color.red

    static func render(_ state: AppState, into buffer: inout Buffer, area: Rect) {
        let block = AppView.paneBlock(title(state), focused: state.focus == .prompt)
        block.render(into: &buffer, area: area, theme: state.theme)
        let inner = block.inner(area)
        guard !inner.isEmpty else { return }
        let textRows = min(inner.height, max(2, inner.height / 3))
        let textArea = Rect(x: inner.x, y: inner.y, width: inner.width, height: textRows)
        textPane(state, capacity: textArea.width * textArea.height).render(into: &buffer, area: textArea, theme: state.theme)
        let infoY = inner.y + textRows
        guard infoY < inner.maxY else { return }
        infoLine(state).render(into: &buffer, area: Rect(x: inner.x, y: infoY, width: inner.width, height: 1), theme: state.theme)
        let listArea = Rect(x: inner.x, y: infoY + 1, width: inner.width, height: inner.maxY - infoY - 1)
        if let step = state.prompt.lastStep {
            topK(step, state: state, rows: listArea.height).render(into: &buffer, area: listArea, theme: state.theme)
        }
    }

    /// `prompt · sample T=1.0 · top-k all · N=50`, how many typed characters
    /// became `<unk>`, and how to leave while typing; a narrow pane keeps
    /// what fits of these parts from the left.
    static func title(_ state: AppState) -> String {
        let s = state.prompt.sampling
        let mode = s.greedy ? "greedy" : "sample T=\(NumberFormat.fixed(s.temperature, 1)) · top-k \(s.topK == 0 ? "all" : String(s.topK))"
        let unknown = state.prompt.synced.encoded.unknown.count
        return "prompt" + (unknown > 0 ? " · \(unknown) <unk>" : "") + " · \(mode) · N=\(state.prompt.generateCount)"
            + (state.isTyping ? " · typing, Esc leaves" : "")
    }

    /// `'T' at 0, U+6642 at 5 not in the vocabulary: read as <unk>`, or nil
    /// when every character is known (`unknown` empty); positions count scalars from 0.
    static func unknownReport(_ unknown: [EncodedPrompt.UnknownCharacter], limit: Int = 3) -> String? {
        guard !unknown.isEmpty else { return nil }
        let shown = unknown.prefix(limit).map { "\(TokenGlyph.quoted($0.character)) at \($0.position)" }
        let more = unknown.count > limit ? " and \(unknown.count - limit) more" : ""
        return shown.joined(separator: ", ") + more + " not in the vocabulary: read as <unk>"
    }

    /// The end of the prefix as typed (characters outside the vocabulary
    /// marked), then the generated characters in colour (underlined without
    /// colour); every character in one cell (`TokenGlyph`), newlines as `↵`
    /// before the break.
    ///
    /// The pane follows the end of the text, so only what `capacity` cells
    /// can show is laid out, whatever the length of the text: the last
    /// `capacity` characters at most, started at a line's beginning when one
    /// is near, else at a multiple of `capacity`, so that the wrapping stays
    /// put while typing. nil lays out everything.
    static func textPane(_ state: AppState, capacity: Int? = nil) -> TextPane {
        let vocabulary = state.model.vocabulary
        let text = state.prompt.editor.text
        let generated = state.prompt.generated
        let shownGenerated = capacity.map { generated.suffix($0) } ?? generated[...]
        var start = 0
        if let capacity, capacity > 0 {
            start = max(0, text.count - max(0, capacity - shownGenerated.count))
            if start > 0 {
                let lookBack = max(0, start - 4 * capacity)
                if let newline = text[lookBack..<start].lastIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
                    start = newline + 1
                } else {
                    start = start / capacity * capacity
                }
            }
        }
        // Typing far before the end: the block of `capacity` characters around the cursor instead.
        var end = text.count, scroll = TextPane.Scroll.end
        if let capacity, capacity > 0, state.isTyping, state.prompt.editor.cursor < start {
            start = state.prompt.editor.cursor / capacity * capacity
            end = min(text.count, start + capacity)
            scroll = .top
        }
        let unknownStyle = state.theme.color ? Style(foreground: unknownColor, underline: true) : Style(underline: true)
        var spans: [TextSpan] = []
        for ch in text[start..<end] {
            let known = ch.unicodeScalars.allSatisfy { vocabulary.index(of: $0) != vocabulary.unknownIndex }
            let style = known ? Style.plain : unknownStyle
            let shown = ch == "\n" || ch == "\r\n" ? ch : TokenGlyph.cell(ch)
            if let last = spans.last, last.style == style {
                spans[spans.count - 1].text.append(shown)
            } else {
                spans.append(TextSpan(String(shown), style: style))
            }
        }
        let generatedStyle = state.theme.color ? Style(foreground: generatedColor, bold: true) : Style(bold: true, underline: true)
        if end == text.count {
            spans.append(TextSpan(TokenGlyph.text(vocabulary.decode(Array(shownGenerated))), style: generatedStyle))
        }
        let cursor = state.isTyping && state.prompt.editor.cursor >= start ? state.prompt.editor.cursor - start : nil
        return TextPane(spans: spans, cursor: cursor, scroll: scroll, showsNewlines: true)
    }

    /// `step 3: 'e' p=41.2% · entropy 1.92 nats (2.77 bits)`, or how to
    /// start; figures that do not fit are left out whole, the entropy first.
    static func infoLine(_ state: AppState) -> StatusLine {
        let parts: [String]
        if let step = state.prompt.lastStep {
            let token = TokenGlyph.quoted(state.model.vocabulary.tokens[step.chosen], unicode: state.theme.unicode)
            let bits = step.entropy / Foundation.log(2)
            parts = [
                "step \(state.prompt.generated.count): \(token) p=\(NumberFormat.percent(Double(step.chosenProbability)))",
                "entropy \(NumberFormat.fixed(step.entropy, 2)) nats (\(NumberFormat.fixed(bits, 2)) bits)",
            ]
        } else if state.isTyping {
            parts = ["Enter: step", "Ctrl-G: generate \(state.prompt.generateCount)"]
        } else {
            parts = ["n: step", "N: generate \(state.prompt.generateCount)", "Tab to type"]
        }
        let segments = parts.enumerated().map { StatusSegment($0.element, priority: parts.count - $0.offset) }
        return StatusLine(left: segments, separator: " · ", style: .bold)
    }

    /// The most likely next characters, most likely first, with the chosen one
    /// highlighted (replacing the last row when it ranks lower).
    static func topK(_ step: StepResult, state: AppState, rows: Int) -> BarList {
        let k = state.prompt.sampling.topK
        let count = min(max(0, rows), k > 0 ? k : PromptState.defaultListLength, step.probabilities.count)
        var order = rankedCandidates(step.probabilities, count: count)
        if count > 0, !order.contains(step.chosen) { order[count - 1] = step.chosen }
        let tokens = state.model.vocabulary.tokens
        let items = order.map { id in
            BarItem(
                label: TokenGlyph.label(tokens[id], unicode: state.theme.unicode),
                fraction: Double(step.probabilities[id]),
                trailing: NumberFormat.percent(Double(step.probabilities[id])))
        }
        return BarList(items: items, highlighted: order.firstIndex(of: step.chosen))
    }

    /// The ids of the `count` largest probabilities, largest first (ties by id).
    static func rankedCandidates(_ probabilities: [Float], count: Int) -> [Int] {
        let order = probabilities.indices.sorted { a, b in
            probabilities[a] != probabilities[b] ? probabilities[a] > probabilities[b] : a < b
        }
        return Array(order.prefix(max(0, count)))
    }
}
