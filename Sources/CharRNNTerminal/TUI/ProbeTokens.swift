/// The input of each probe step as text, made when read: the prefix's
/// scalars, then the generated tokens. Random access by step.
public struct ProbeTokens: RandomAccessCollection, Sendable {
    let scalars: [Unicode.Scalar]
    let generated: [Int]
    let tokens: [String]

    public var startIndex: Int { 0 }
    public var endIndex: Int { scalars.count + generated.count }

    public subscript(step: Int) -> String {
        if step < scalars.count { return String(scalars[step]) }
        let id = generated[step - scalars.count]
        return id >= 0 && id < tokens.count ? tokens[id] : "?"
    }
}
