import Foundation

/// How many vector registers the kernels can count on, which decides their
/// register tiles (`Matmul`): 32 with AVX-512, 16 with AVX2 (and the tiles that
/// fit 16 also fit NEON's 32 128-bit registers).
///
/// Only speed depends on it: every tile computes each output as the same chain
/// of fused multiply-adds, so results are bit-identical either way.
public enum RegisterFile: Sendable {
    case wide, narrow

    /// This CPU's: `wide` when it has AVX-512 (x86-64 Linux: the `avx512f` flag of
    /// /proc/cpuinfo), else `narrow`. `CHARRNN_REGISTER_FILE=wide|narrow` overrides it.
    public static let current: RegisterFile = {
        switch ProcessInfo.processInfo.environment["CHARRNN_REGISTER_FILE"] {
        case "wide": return .wide
        case "narrow": return .narrow
        default: break
        }
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return .narrow }
        return flags.split(separator: " ").contains("avx512f") ? .wide : .narrow
        #else
        return .narrow
        #endif
    }()
}
