import Testing
import TerminalKit

/// The buffer sizes every widget is rendered at.
let standardSizes: [(width: Int, height: Int)] = [(0, 0), (1, 1), (20, 5), (80, 24), (200, 60)]

/// The themes every widget is rendered with.
let allThemes: [Theme] = [
    Theme(color: true, unicode: true), Theme(color: false, unicode: true),
    Theme(color: true, unicode: false), Theme(color: false, unicode: false),
]

/// A cell no widget draws, so any change to it is visible.
let sentinel = Cell("¤", style: Style(foreground: .indexed(99), underline: true))

/// Areas to try in a buffer: the whole buffer, a part inside it, parts
/// hanging over each edge, and an empty area.
func testAreas(width w: Int, height h: Int) -> [Rect] {
    [
        Rect(x: 0, y: 0, width: w, height: h),
        Rect(x: w / 4, y: h / 4, width: w / 2, height: h / 2),
        Rect(x: w / 2, y: h / 2, width: w, height: h),
        Rect(x: -3, y: -2, width: w / 2 + 3, height: h / 2 + 2),
        Rect(x: 1, y: 1, width: 0, height: 0),
    ]
}

/// Renders `widget` at every standard size, area and theme into a buffer full
/// of sentinels and returns the cells changed outside the area, as
/// "size area theme (x,y)" strings (empty when the widget stayed inside).
func cellsDrawnOutside(_ widget: some Widget) -> [String] {
    var problems: [String] = []
    for size in standardSizes {
        for area in testAreas(width: size.width, height: size.height) {
            for theme in allThemes {
                var buffer = Buffer(width: size.width, height: size.height, fill: sentinel)
                widget.render(into: &buffer, area: area, theme: theme)
                for y in 0..<buffer.height {
                    for x in 0..<buffer.width where !(x >= area.x && x < area.maxX && y >= area.y && y < area.maxY) {
                        if buffer[x, y] != sentinel {
                            problems.append("\(size) \(area) \(theme) (\(x),\(y))")
                        }
                    }
                }
            }
        }
    }
    return problems
}

/// The number of cells of `area` that `widget` changed, rendered into a
/// sentinel-filled buffer of `width` × `height`.
func cellsDrawn(_ widget: some Widget, width: Int = 80, height: Int = 24, area: Rect? = nil, theme: Theme = .full) -> Int {
    var buffer = Buffer(width: width, height: height, fill: sentinel)
    widget.render(into: &buffer, area: area ?? buffer.area, theme: theme)
    return buffer.cells.filter { $0 != sentinel }.count
}

/// `widget` drawn into a blank buffer of `width` × `height` at `area` (default: all of it).
func rendered(_ widget: some Widget, width: Int, height: Int, area: Rect? = nil, theme: Theme = .full) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    widget.render(into: &buffer, area: area ?? buffer.area, theme: theme)
    return buffer
}

/// Row `y` of `buffer` with trailing spaces removed.
func trimmedLine(_ buffer: Buffer, _ y: Int) -> String {
    var line = buffer.line(y)
    while line.last == " " { line.removeLast() }
    return line
}
