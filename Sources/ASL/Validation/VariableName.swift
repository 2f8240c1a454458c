/// Workflow variable names as Step Functions allows them: a Unicode identifier (UAX #31: an
/// ID_Start character, then ID_Continue characters) of at most 80 characters, not the reserved
/// `states`.
enum VariableName {
    static let maximumLength = 80

    /// Why `name` cannot name a variable, or nil.
    static func problem(_ name: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "a variable needs a name" }
        if name == "states" { return "\"states\" is reserved ($states); choose another variable name" }
        if name.count > maximumLength { return "variable name \"\(name)\" is longer than \(maximumLength) characters" }
        guard first.properties.isIDStart || first == "_", name.unicodeScalars.dropFirst().allSatisfy({ $0.properties.isIDContinue }) else {
            return "\"\(name)\" is not a valid variable name: it must start with a letter or underscore and hold only letters, digits and underscores"
        }
        return nil
    }
}
