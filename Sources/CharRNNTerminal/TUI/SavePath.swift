import CharRNN
import Foundation

/// Where `s` saves a checkpoint.
public enum SavePath {
    /// `--save PATH` when given, else the checkpoint last loaded or saved,
    /// else `charrnn-YYYYMMDD-HHMMSS.safetensors` in `directory` (local time).
    public static func resolve(explicit: URL?, checkpoint: URL?, directory: URL, date: Date) -> URL {
        if let explicit { return explicit }
        if let checkpoint { return checkpoint }
        return directory.appendingPathComponent(defaultName(date: date))
    }

    /// `charrnn-20251129-093012.safetensors`.
    public static func defaultName(date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "charrnn-\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second)).safetensors"
    }
}
