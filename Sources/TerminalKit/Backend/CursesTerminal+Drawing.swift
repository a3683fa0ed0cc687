import CNCursesW

/// The ncurses attributes and colour pair one `Style` is drawn with.
struct StyleBinding {
    var attributes: attr_t
    var pair: Int32
}

extension CursesTerminal {
    /// Shows `buffer`: writes the cells that changed since the previous frame
    /// (all of them after a resize, resume or `forceRedraw()`), then refreshes.
    ///
    /// Cells outside the screen are dropped; when the buffer is smaller than
    /// the screen, the rest of the screen is blank.
    public func draw(_ buffer: Buffer) {
        guard isOpen, !isendwin() else { return }
        let window = cnc_stdscr()
        let previous = previousFrame
        if previous == nil || previous!.width != buffer.width || previous!.height != buffer.height {
            werase(window)
        }
        let runs = BufferDiff.changedRuns(from: previous, to: buffer, columns: size.columns, rows: size.rows)
        var written = 0
        buffer.cells.withUnsafeBufferPointer { cells in
            for run in runs {
                let binding = binding(for: run.style)
                wideScratch.removeAll(keepingCapacity: true)
                let start = run.y * buffer.width + run.x
                for index in start..<(start + run.count) {
                    CellGlyph.append(cells[index].character, to: &wideScratch, width: { cnc_wcwidth($0) })
                }
                wideScratch.append(0)
                _ = cnc_put_run(Int32(run.y), Int32(run.x), wideScratch, -1, binding.attributes, binding.pair)
                written += run.count
            }
        }
        lastDrawCellCount = written
        previousFrame = buffer
        placeCursor(window)
        wnoutrefresh(window)
        doupdate()
    }

    /// Makes the next `draw` repaint the whole screen from scratch (Ctrl-L).
    public func forceRedraw() {
        guard isOpen else { return }
        clearok(cnc_curscr(), true)
        previousFrame = nil
    }

    /// The ncurses attribute bits for `attributes`.
    static func attributeBits(for attributes: CellAttributes) -> attr_t {
        var bits = cnc_a_normal()
        if attributes.contains(.bold) { bits |= cnc_a_bold() }
        if attributes.contains(.dim) { bits |= cnc_a_dim() }
        if attributes.contains(.reverse) { bits |= cnc_a_reverse() }
        if attributes.contains(.underline) { bits |= cnc_a_underline() }
        return bits
    }

    private func binding(for style: Style) -> StyleBinding {
        if let known = styleBindings[style] { return known }
        let colors = colorSupport.colors(for: style)
        let pair = colorPairs.pair(for: colors) { number, foreground, background in
            init_extended_pair(number, foreground, background) == OK
        }
        let binding = StyleBinding(attributes: Self.attributeBits(for: CellAttributes(style)), pair: pair)
        styleBindings[style] = binding
        return binding
    }

    private func placeCursor(_ window: UnsafeMutablePointer<WINDOW>?) {
        if let position = cursorPosition,
           position.x >= 0, position.y >= 0, position.x < size.columns, position.y < size.rows {
            wmove(window, Int32(position.y), Int32(position.x))
            if !cursorVisible {
                curs_set(1)
                cursorVisible = true
            }
        } else if cursorVisible {
            curs_set(0)
            cursorVisible = false
        }
    }
}
