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

    /// The records of a metrics file. Blank lines are skipped; a loss written
    /// as `null` (a diverged epoch) becomes NaN, which breaks the curve there.
    static func parseMetrics(_ data: Data, path: String) throws(LoadError) -> [EpochMetrics] {
        let decoder = JSONDecoder()
        var out: [EpochMetrics] = []
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let record = try? decoder.decode(Record.self, from: Data(line.utf8)) else { throw .badLine(path, line: number + 1) }
            out.append(EpochMetrics(
                epoch: record.epoch, step: record.step ?? 0, trainLoss: record.trainLoss ?? .nan, valLoss: record.valLoss,
                tokensPerSecond: record.tokensPerSecond ?? 0, elapsedSeconds: record.elapsedSeconds ?? 0))
        }
        return out
    }

    /// A metrics line, with the losses allowed to be null.
    struct Record: Decodable {
        var epoch: Int
        var step: Int?
        var trainLoss: Double?
        var valLoss: Double?
        var tokensPerSecond: Double?
        var elapsedSeconds: Double?

        enum CodingKeys: String, CodingKey {
            case epoch, step
            case trainLoss = "train_loss", valLoss = "val_loss", tokensPerSecond = "tokens_per_s", elapsedSeconds = "elapsed_s"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard c.contains(.trainLoss) else {
                throw DecodingError.keyNotFound(CodingKeys.trainLoss, .init(codingPath: [], debugDescription: "no train_loss"))
            }
            epoch = try c.decode(Int.self, forKey: .epoch)
            step = try c.decodeIfPresent(Int.self, forKey: .step)
            trainLoss = try c.decodeIfPresent(Double.self, forKey: .trainLoss)
            valLoss = try c.decodeIfPresent(Double.self, forKey: .valLoss)
            tokensPerSecond = try c.decodeIfPresent(Double.self, forKey: .tokensPerSecond)
            elapsedSeconds = try c.decodeIfPresent(Double.self, forKey: .elapsedSeconds)
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
