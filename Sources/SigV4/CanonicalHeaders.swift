/// The canonical headers and signed headers of a SigV4 canonical request.
public struct CanonicalHeaders: Hashable, Sendable {
    /// The lowercase names of the signed headers, sorted, without repeats.
    public let signedHeaderNames: [String]
    /// One `name:value\n` line a signed header: the name lowercase, the values trimmed, runs of
    /// spaces in them made one space, and a repeated header's values joined with commas in order.
    public let text: String

    /// The canonical headers of `headers`, restricted to the names for which `isSigned` (given the
    /// lowercase name) is true.
    public init(headers: [HeaderField], isSigned: (String) -> Bool = { _ in true }) {
        var valuesByName: [String: [String]] = [:]
        for field in headers {
            let name = Self.trim(field.name).lowercased()
            guard isSigned(name) else { continue }
            valuesByName[name, default: []].append(Self.canonicalValue(field.value))
        }
        let names = valuesByName.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        signedHeaderNames = names
        text = names.map { "\($0):\(valuesByName[$0]!.joined(separator: ","))\n" }.joined()
    }

    /// The canonical headers of `headers` for exactly the names listed in `signedHeaders` (lowercase);
    /// a listed header the request lacks is left out (so the signature will not match).
    public init(headers: [HeaderField], signedHeaders: [String]) {
        let wanted = Set(signedHeaders)
        self.init(headers: headers, isSigned: { wanted.contains($0) })
    }

    /// `signedHeaderNames` joined with `;`, the `SignedHeaders` of the canonical request and of `Authorization`.
    public var signedHeaders: String { signedHeaderNames.joined(separator: ";") }

    /// A value trimmed, with every run of spaces and tabs made one space.
    static func canonicalValue(_ value: String) -> String {
        var out: [UInt8] = []
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func trim(_ text: String) -> String {
        canonicalValue(text)
    }
}
