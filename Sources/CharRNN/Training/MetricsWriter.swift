import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends one JSON line per epoch to a file (`--metrics PATH`), written as it comes.
///
/// A failing write (a full disk, a removed folder's file system gone) never
/// stops training: the first failure calls `warn` once with one line, and
/// later records are dropped.
public final class MetricsWriter {
    private let fd: Int32
    public let url: URL
    private let warn: (String) -> Void
    public private(set) var failed = false

    /// Creates (or truncates, unless `append`) the file, which must be a regular file if it exists (see `OutputPaths`).
    public init(url: URL, append: Bool = false, warn: @escaping (String) -> Void) throws(ConfigurationError) {
        self.url = url
        self.warn = warn
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        fd = open(url.path, flags, 0o644)
        guard fd >= 0 else {
            throw .invalidValue("metrics", "cannot create '\(url.path)': \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    public func write(_ m: EpochMetrics) {
        guard !failed else { return }
        let line = Array((m.jsonLine + "\n").utf8)
        guard let reason = line.withUnsafeBytes({ DescriptorWrite.all($0, to: fd) }) else { return }
        failed = true
        warn("warning: cannot write the metrics file '\(url.path)': \(reason); training goes on without it")
    }

    /// A trainer listener that writes every epoch's record.
    public func handle(_ event: TrainingEvent) {
        if case .epoch(let m) = event { write(m) }
    }
}
