import Testing
@testable import ASL

/// The problem lines (`location: message`) the validator reports for a definition's JSON text.
func validationLines(_ text: String) throws -> [String] {
    DefinitionValidator.validate(try JSONValue(parsing: text)).map(\.description)
}

/// A definition whose `States` object is `states` (JSON members text), starting at `startAt`.
func machineText(_ states: String, startAt: String = "A") -> String {
    "{\"StartAt\": \"\(startAt)\", \"States\": {\(states)}}"
}

/// One rule's case: a definition with exactly one mistake and the lines it must produce.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var definition: String
    var expected: [String]

    init(_ rule: String, _ definition: String, _ expected: [String]) {
        self.rule = rule
        self.definition = definition
        self.expected = expected
    }

    var testDescription: String { rule }
}
