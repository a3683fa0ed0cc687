import CharRNN
import Foundation

/// Another run's per-epoch curves, drawn under the current run's for
/// comparison: from a metrics file (`charrnn train --metrics`, JSON Lines) or
/// from a checkpoint's `progress.history`.
public struct ComparedRun: Hashable, Sendable {
    /// The legend's name: the file name without its extension (`base.jsonl` → `base`).
    public var name: String
    public var path: String
    /// One record per epoch, in the file's order.
    public var history: [EpochMetrics]

    public init(name: String, path: String, history: [EpochMetrics]) {
        self.name = name
        self.path = path
        self.history = history
    }

    /// Why a run could not be loaded; each reads as one line.
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case missing(String)
        case unreadable(String, reason: String)
        case badLine(String, line: Int)
        case noEpochs(String)
        case checkpoint(String)

        public var description: String {
            switch self {
            case .missing(let path): "compare: no such file: \(path)"
            case .unreadable(let path, let reason): "compare: cannot read \(path): \(reason)"
            case .badLine(let path, let line): "compare: \(path) line \(line) is not a metrics record (charrnn train --metrics writes them)"
            case .noEpochs(let path): "compare: \(path) has no finished epochs"
            case .checkpoint(let reason): "compare: \(reason)"
            }
        }
    }

    /// Loads `url`: JSON Lines metrics when it ends in `.jsonl`, `.json` or
    /// `.ndjson` or starts with `{`, else a checkpoint.
    public static func load(_ url: URL) throws(LoadError) -> ComparedRun {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(path) }
        guard !isDirectory.boolValue else { throw .unreadable(path, reason: "it is a directory") }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path, reason: error.localizedDescription) }
        let firstByte = data.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let history: [EpochMetrics]
        let metricsExtension = ["jsonl", "json", "ndjson"].contains(url.pathExtension.lowercased())
        if url.pathExtension != "safetensors", metricsExtension || firstByte == UInt8(ascii: "{") {
            history = try parseMetrics(data, path: path)
        } else {
            do { history = try Checkpoint.load(data).checkpoint.progress.history } catch {
                throw .checkpoint("\(CheckpointError.inFile(path: path, error))")
            }
        }
        guard !history.isEmpty else { throw .noEpochs(path) }
        return ComparedRun(name: url.deletingPathExtension().lastPathComponent, path: path, history: history)
    }

    /// The records of a metrics file (see `EpochMetrics.parseLines`).
    static func parseMetrics(_ data: Data, path: String) throws(LoadError) -> [EpochMetrics] {
        do {
            return try EpochMetrics.parseLines(String(decoding: data, as: UTF8.self))
        } catch {
            throw .badLine(path, line: error.line)
        }
    }

    /// A path typed on the command line: surrounding quotes dropped, `~` expanded,
    /// relative to the working directory.
    public static func url(forTyped text: String) -> URL {
        var path = text.trimmingCharacters(in: .whitespaces)
        if path.count >= 2, let q = path.first, q == "\"" || q == "'", path.last == q { path = String(path.dropFirst().dropLast()) }
        if path == "~" || path.hasPrefix("~/") { path = NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: path)
    }
}
