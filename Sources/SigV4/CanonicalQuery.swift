/// The canonical query string of a SigV4 canonical request.
public enum CanonicalQuery {
    /// The canonical form of `query`, the raw query string (what follows `?`, without it).
    ///
    /// Each `name=value` pair (split on `&`; a pair without `=` has an empty value) is percent-decoded
    /// and encoded again per RFC 3986 (`+` is a literal plus, not a space), the pairs are sorted by
    /// encoded name, then encoded value, and joined as `name=value` with `&`. Empty pairs are dropped.
    public static func make(query: String) -> String {
        var pairs: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair
                value = ""
            }
            pairs.append((URIEncoding.encode(URIEncoding.decode(String(name))),
                          URIEncoding.encode(URIEncoding.decode(String(value)))))
        }
        // The encoded forms are ASCII, so comparing their UTF-8 compares bytes, as AWS does.
        pairs.sort { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// The canonical form of decoded parameters: each name and value encoded per RFC 3986, sorted.
    public static func make(parameters: [(name: String, value: String)]) -> String {
        make(query: parameters.map { URIEncoding.encode($0.name) + "=" + URIEncoding.encode($0.value) }.joined(separator: "&"))
    }
}
