import Foundation

/// A standalone HTML page of an `ActivationTrace`: the text coloured by the
/// unit's value (blue below zero, red above, white at zero, full colour at the
/// largest |value|), the step and value on hover. No scripts, no network.
public enum ActivationPage {
    /// Marks pages this program wrote, which it may overwrite.
    static let marker = "<meta name=\"generator\" content=\"charrnn activations\">"

    /// The page's HTML.
    public static func html(_ trace: ActivationTrace) -> String {
        let scale = max(trace.values.lazy.map { abs($0) }.max() ?? 0, 1e-6)
        var body = ""
        for (t, (token, value)) in zip(trace.text.tokens, trace.values).enumerated() {
            let a = Double(min(1, abs(value) / scale))
            let rgb = value >= 0 ? (255, Int(255 * (1 - a)), Int(255 * (1 - a))) : (Int(255 * (1 - a)), Int(255 * (1 - a)), 255)
            let shown = token == "\n" ? "↵\n" : escape(token)
            body += "<span style=\"background:rgb(\(rgb.0),\(rgb.1),\(rgb.2))\" title=\"t=\(t) \(escape(token.debugDescription)) "
                + "\(String(format: "%.6f", value))\">\(shown)</span>"
        }
        let title = escape("unit \(trace.unit) of \(trace.state.name), \(trace.text.label), epoch \(trace.stamp.epoch)")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8">\(marker)<title>\(title)</title>
            <style>body{font-family:sans-serif;margin:2em}pre{font-family:monospace;font-size:15px;line-height:1.5;white-space:pre-wrap}</style>
            </head><body><h1>\(title)</h1>
            <p>Blue: below zero; red: above; full colour at |value| = \(String(format: "%.4f", scale)). Hover a character for its value.</p>
            <pre>\(body)</pre></body></html>

            """
    }

    /// Writes the page to `url` atomically, unless a file there is not a page this program wrote.
    public static func write(_ trace: ActivationTrace, to url: URL) throws(ActivationPageError) {
        if FileManager.default.fileExists(atPath: url.path) {
            guard let head = try? FileHandle(forReadingFrom: url).read(upToCount: 4096),
                String(decoding: head, as: UTF8.self).contains(marker)
            else { throw .notOurs(url.path) }
        }
        do throws(CheckpointError) { try AtomicFile.write(Data(html(trace).utf8), to: url) } catch { throw .write(error.description) }
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Why an activation page was not written.
public enum ActivationPageError: Error, CustomStringConvertible {
    case notOurs(String)
    case write(String)

    public var description: String {
        switch self {
        case .notOurs(let path): "\(path) exists and is not an activation page written by charrnn; choose another name"
        case .write(let why): why
        }
    }
}
