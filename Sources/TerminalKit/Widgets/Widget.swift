/// Something that draws itself into a rectangle of a `Buffer`.
///
/// Every widget in this library draws only inside `area` (clipped to the
/// buffer), never crashes at any size including 0×0, and keeps no state
/// between frames: whatever must persist (scroll offsets, selection) is stored
/// by the caller and passed in as configuration.
public protocol Widget: Sendable {
    /// Draws the widget into `area` of `buffer` using the capabilities in `theme`.
    func render(into buffer: inout Buffer, area: Rect, theme: Theme)
}
