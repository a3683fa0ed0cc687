import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where weights go when a run ends without a `--save` to take them, or when
/// saving there failed: a file that did not exist before.
///
/// `./charrnn-YYYYMMDD-HHMMSS.safetensors` when the working directory takes
/// new files, else the same name under `$TMPDIR` (or /tmp); `-2`, `-3`, …
/// before the extension when the name is taken. The file is created empty
/// with O_EXCL, so no existing file is ever chosen; the save then replaces
/// that empty file atomically.
public enum EmergencyFile {
    /// Creates and returns a new, empty file; nil when no folder takes one.
    /// `skipping` (a folder) is passed over, e.g. the one a save just failed in.
    /// `folders` are tried in order (default: the working directory, then the temporary folder).
    public static func reserve(date: Date = Date(), skipping: URL? = nil, in folders: [URL] = folders()) -> URL? {
        let skipped = skipping.map { $0.standardizedFileURL.path }
        for folder in folders where folder.standardizedFileURL.path != skipped {
            if let url = create(in: folder, base: SavePath.defaultName(date: date)) { return url }
        }
        return nil
    }

    /// The working directory, then the temporary folder.
    public static func folders() -> [URL] {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return [cwd, URL(fileURLWithPath: tmp)]
    }

    private static func create(in folder: URL, base: String) -> URL? {
        let stem = String(base.dropLast(".safetensors".count))
        for n in 1...100 {
            let url = folder.appendingPathComponent(n == 1 ? base : "\(stem)-\(n).safetensors")
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                close(fd)
                return url
            }
            guard errno == EEXIST else { return nil }
        }
        return nil
    }

    /// A save that did not happen, in one line (what `save`'s `write` throws).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// How a save with a rescue went.
    public enum Outcome {
        /// Written where asked (or, asked nowhere, to this new file).
        case saved(URL)
        /// The target failed for `reason`; the weights are in `rescue` instead.
        case rescued(URL, target: URL, reason: String)
        /// Nothing could be written; `reason` says why.
        case lost(reason: String)

        /// The file that holds the weights, if any.
        public var url: URL? {
            switch self {
            case .saved(let url), .rescued(let url, _, _): url
            case .lost: nil
            }
        }

        /// One line for a failed save: what failed and where the weights went; nil when saved as asked.
        public var failure: String? {
            switch self {
            case .saved: nil
            case .rescued(let rescue, let target, let reason):
                "\(reason); the weights were saved to '\(rescue.path)' instead, not to '\(target.path)'"
            case .lost(let reason): "\(reason); the weights could not be saved anywhere"
            }
        }
    }

    /// Saves with `write` to `target`, or to a new emergency file when `target`
    /// is nil; when that fails (the old file is left as it was), once more to
    /// a new emergency file outside the folder that failed.
    public static func save(to target: URL?, write: (URL) throws -> Void) -> Outcome {
        func attempt(_ url: URL) -> String? {
            do {
                try write(url)
                return nil
            } catch {
                if url != target { release(url) }
                return "\(error)"
            }
        }
        guard let first = target ?? reserve() else { return .lost(reason: "no folder takes a new file (the working directory, $TMPDIR)") }
        guard let reason = attempt(first) else { return .saved(first) }
        guard let rescue = reserve(skipping: first.deletingLastPathComponent()) else { return .lost(reason: reason) }
        if let again = attempt(rescue) { return .lost(reason: reason + "; " + again) }
        return .rescued(rescue, target: first, reason: reason)
    }

    /// Removes a reserved file that was never written (a failed save).
    public static func release(_ url: URL) {
        var info = stat()
        if stat(url.path, &info) == 0, info.st_size == 0 { unlink(url.path) }
    }
}
