import Foundation

/// Appends one JSON line per epoch to a file (`--metrics PATH`), flushed as written.
public final class MetricsWriter {
    private let handle: FileHandle
    public let url: URL

    /// Creates (or truncates, unless `append`) the file.
    public init(url: URL, append: Bool = false) throws {
        self.url = url
        let fm = FileManager.default
        if !append || !fm.fileExists(atPath: url.path) {
            guard fm.createFile(atPath: url.path, contents: nil) else {
                throw ConfigurationError.invalidValue("metrics", "cannot create '\(url.path)'")
            }
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    public func write(_ m: EpochMetrics) {
        handle.write(Data((m.jsonLine + "\n").utf8))
    }

    /// A trainer listener that writes every epoch's record.
    public func handle(_ event: TrainingEvent) {
        if case .epoch(let m) = event { write(m) }
    }
}
