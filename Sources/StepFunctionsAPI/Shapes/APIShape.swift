/// One shape of the Step Functions API's model: what a request's member must be. The table of
/// every input shape (``APIShapes``) is generated from AWS's model by `scripts/generate-api-shapes`.
enum APIShape: Sendable {
    /// An object: its members (name, shape name) in the model's order, and the required ones.
    case structure(members: [(String, String)], required: [String])
    case string(min: Int?, max: Int?, enumValues: [String]?, pattern: StringPattern?)
    /// `integer` and `long`.
    case integer(min: Int?, max: Int?)
    /// `float` and `double`.
    case number
    case boolean
    /// Seconds since 1970, as a number.
    case timestamp
    case list(member: String, min: Int?, max: Int?)
    case map(key: String, value: String)
}

/// The patterns the model puts on strings, as named checks (the generator refuses any other).
enum StringPattern: Sendable {
    /// `^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$`: letters, digits, `_`, `-`, `.`, not digits only.
    case characterRestrictedName
    /// `[!-~]+`: printable ASCII without the space.
    case printableASCII
    /// `\p{ASCII}*`.
    case ascii

    /// The pattern as the model writes it (AWS's messages quote it).
    var text: String {
        switch self {
        case .characterRestrictedName: return #"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"#
        case .printableASCII: return "[!-~]+"
        case .ascii: return #"\p{ASCII}*"#
        }
    }

    func matches(_ value: String) -> Bool {
        switch self {
        case .characterRestrictedName:
            let allowed = value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)) }
            return allowed && value.unicodeScalars.contains { !("0"..."9").contains($0) }
        case .printableASCII:
            return !value.isEmpty && value.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
        case .ascii:
            return value.unicodeScalars.allSatisfy(\.isASCII)
        }
    }
}

/// The API's model: operations and their input shapes.
enum APIShapes {}
