/// A key binding as listed by `HelpOverlay`.
public struct KeyBinding: Hashable, Sendable {
    public var keys: String
    public var action: String

    public init(keys: String, action: String) {
        self.keys = keys
        self.action = action
    }
}

/// A centred, bordered box listing key bindings over whatever is drawn below.
///
/// Inside a `Block` titled `title`, with one space of padding left and right:
/// one row per binding with the keys (bold) left-aligned in a column as wide
/// as the longest keys, two spaces, then the action; a blank row; the footer,
/// dim and centred. The box is as small as its content allows and never
/// larger than the area; every cell under it is cleared. When the area is too
/// short the footer stays on the last row and as many bindings as fit are
/// listed from the top; too-long text is truncated.
public struct HelpOverlay: Widget, Hashable {
    public var title: String
    public var bindings: [KeyBinding]
    public var footer: String

    public init(title: String = "Keys", bindings: [KeyBinding], footer: String = "press any key") {
        self.title = title
        self.bindings = bindings
        self.footer = footer
    }

    public init(title: String = "Keys", bindings: [(keys: String, action: String)], footer: String = "press any key") {
        self.init(title: title, bindings: bindings.map { KeyBinding(keys: $0.keys, action: $0.action) }, footer: footer)
    }

    /// The width of the keys column.
    var keysWidth: Int { bindings.map(\.keys.count).max() ?? 0 }

    /// The width of a binding row with nothing truncated.
    var rowsWidth: Int { keysWidth + 2 + (bindings.map(\.action.count).max() ?? 0) }

    /// The box drawn inside `area`.
    public func box(in area: Rect) -> Rect {
        let contentWidth = max(rowsWidth, title.count + 2, footer.count)
        let contentHeight = bindings.count + (footer.isEmpty ? 0 : 2)
        return area.centered(width: contentWidth + 4, height: contentHeight + 2)
    }

    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) {
        let clip = area.intersection(buffer.area)
        guard !clip.isEmpty else { return }
        let box = box(in: area)
        buffer.fill(box, with: .blank, clip: clip)
        let block = Block(title: title)
        block.render(into: &buffer, area: box, theme: theme)
        let inner = block.inner(box)
        let content = inner.width > 2 ? Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height) : inner
        guard !content.isEmpty else { return }

        var rowsForBindings = content.height
        if !footer.isEmpty, content.height >= 2 {
            rowsForBindings = content.height >= bindings.count + 2 ? bindings.count : content.height - 1
            let text = TextFit.truncate(footer, to: content.width, unicode: theme.unicode)
            let x = content.x + (content.width - text.count) / 2
            buffer.write(text, x: x, y: content.maxY - 1, style: .dim, clip: clip)
        }
        // The keys column keeps its width when everything fits, else gives up to half.
        let keysWidth = content.width >= rowsWidth ? self.keysWidth : min(self.keysWidth, max(0, content.width - 2) / 2)
        for (row, binding) in bindings.prefix(rowsForBindings).enumerated() {
            let y = content.y + row
            let keys = TextFit.truncate(binding.keys, to: keysWidth, unicode: theme.unicode)
            buffer.write(keys, x: content.x, y: y, style: .bold, clip: clip)
            let actionX = content.x + keysWidth + 2
            let action = TextFit.truncate(binding.action, to: content.maxX - actionX, unicode: theme.unicode)
            buffer.write(action, x: actionX, y: y, style: .plain, clip: clip)
        }
    }
}
