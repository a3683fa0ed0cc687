import TerminalKit

/// What is drawn over the panes: the help, the quit question, a command's
/// output, and Tab's candidates above the command line.
enum OverlayView {
    static func render(_ state: AppState, into buffer: inout Buffer, layout: ScreenLayout) {
        let area = Rect(x: 0, y: 0, width: layout.width, height: layout.height)
        switch state.overlay {
        case .help?:
            help(state).render(into: &buffer, area: area, theme: state.theme)
        case .quitConfirm?:
            quitQuestion(into: &buffer, area: area, theme: state.theme)
        case .commandOutput(let command, let result)?:
            commandOutput(command: command, result: result, into: &buffer, area: area, theme: state.theme)
        case nil:
            break
        }
        if state.commandLine != nil, !state.commandCandidates.isEmpty, layout.bottom.y > 0 {
            let text = " " + state.commandCandidates.joined(separator: "  ") + " "
            buffer.write(text, x: layout.bottom.x, y: layout.bottom.y - 1, style: Style(reverse: true), maxWidth: layout.bottom.width)
        }
    }

    /// Every key binding, with the frame times in the footer.
    static func help(_ state: AppState) -> HelpOverlay {
        let footer = (state.frameStats.summary.map { $0 + " · " } ?? "") + "any key closes"
        return HelpOverlay(title: "charrnn keys", bindings: KeyBindings.help(unicode: state.theme.unicode), footer: footer)
    }

    static func quitQuestion(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let lines = ["The model changed since it was last saved.", "Save before quitting?  [y]es  [n]o  [c]ancel"]
        let width = (lines.map(\.count).max() ?? 0) + 4
        let box = area.centered(width: width, height: lines.count + 2)
        buffer.fill(box.intersection(area))
        let block = Block(title: "quit", focused: true)
        block.render(into: &buffer, area: box, theme: theme)
        let inner = block.inner(box)
        for (i, line) in lines.enumerated() where i < inner.height {
            buffer.write(line, x: inner.x + 1, y: inner.y + i, style: i == 1 ? .bold : .plain, maxWidth: inner.width - 1)
        }
    }

    /// A box over the lower part of the screen with the command's output lines.
    static func commandOutput(command: String, result: CommandResult, into buffer: inout Buffer, area: Rect, theme: Theme) {
        var lines = result.lines
        if case .failed(let message) = result.status {
            lines.append(OutputLine(message, style: theme.color ? Style(foreground: .red, bold: true) : .bold))
        }
        let height = min(area.height - 2, lines.count + 3)
        let box = Rect(x: 2, y: area.maxY - 1 - height, width: area.width - 4, height: height)
        buffer.fill(box.intersection(area))
        let block = Block(title: ":" + command, focused: true)
        block.render(into: &buffer, area: box, theme: theme)
        let inner = block.inner(box)
        guard inner.height >= 1 else { return }
        let shown = lines.count > inner.height - 1 ? inner.height - 2 : lines.count
        for (row, line) in lines.prefix(max(0, shown)).enumerated() {
            var x = inner.x + 1
            for span in line.spans {
                let style = theme.color ? span.style : Style(bold: span.style.bold, underline: span.style.underline)
                x += buffer.write(span.text, x: x, y: inner.y + row, style: style, maxWidth: max(0, inner.maxX - x))
            }
        }
        if shown < lines.count {
            buffer.write("… \(lines.count - shown) more lines", x: inner.x + 1, y: inner.y + shown, style: .dim, maxWidth: inner.width - 1)
        }
        buffer.write("Esc closes", x: inner.x + 1, y: inner.maxY - 1, style: .dim, maxWidth: inner.width - 1)
    }
}
