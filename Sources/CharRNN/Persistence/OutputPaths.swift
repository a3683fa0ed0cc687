import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names for the kinds of files, as messages show them.
public enum FileKind {
    /// "character device", "block device", "FIFO", "socket", "directory", "symbolic link" or "regular file".
    public static func name(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFIFO: "FIFO"
        case S_IFSOCK: "socket"
        case S_IFDIR: "directory"
        case S_IFLNK: "symbolic link"
        default: "regular file"
        }
    }

    /// The kind of what `path` names, following symbolic links; nil when nothing is there.
    public static func mode(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode : nil
    }
}

/// Checks the files a run will write before it starts, so that no file that
/// is not the run's own is ever harmed.
///
/// An output (checkpoint, metrics file) is refused when it exists and is not
/// a regular file — a device, FIFO or socket, or a symbolic link to one — and
/// when it names the same file as one of the run's inputs (the corpus, the
/// prompt file, a compared run) or as another output. Two paths name the same
/// file when they lead to the same inode, or (for a file not yet there) to the
/// same path once symbolic links are followed.
public enum OutputPaths {
    /// Why an output path is refused; one line.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Checks each of `outputs` (label such as `--save`, path) against the
    /// others and against `inputs` (label such as `the corpus`, path).
    public static func check(outputs: [(label: String, url: URL)], inputs: [(label: String, url: URL)]) throws(Refusal) {
        for (i, output) in outputs.enumerated() {
            try checkKind(output.url, label: output.label)
            let others = inputs + outputs.enumerated().filter { $0.offset != i }.map { ($0.element.label, $0.element.url) }
            for other in others where sameFile(output.url, other.url) {
                throw Refusal(description: "\(output.label) '\(output.url.path)' is \(other.label); name another file")
            }
        }
    }

    /// Refuses an existing `url` that is a device, FIFO or socket (after
    /// following links). A folder is left to the writer, which says it is one.
    public static func checkKind(_ url: URL, label: String) throws(Refusal) {
        guard let mode = FileKind.mode(of: url.path), mode & S_IFMT != S_IFREG, mode & S_IFMT != S_IFDIR else { return }
        throw Refusal(description: "\(label) '\(url.path)' is a \(FileKind.name(of: mode)), not a regular file; charrnn writes only regular files")
    }

    /// Whether `a` and `b` name the same file.
    public static func sameFile(_ a: URL, _ b: URL) -> Bool {
        var sa = stat(), sb = stat()
        if stat(a.path, &sa) == 0, stat(b.path, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        return canonical(a) == canonical(b)
    }

    /// The absolute path with symbolic links followed as far as they exist.
    static func canonical(_ url: URL) -> String {
        url.standardizedFileURL.resolvingSymlinksInPath().path
    }
}
