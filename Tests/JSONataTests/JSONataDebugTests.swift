import Foundation
import JSON
import Testing
@testable import JSONata

/// `JSONATA_EXPR='...' [JSONATA_INPUT='json'] swift test --skip-build --filter JSONataDebugTests` prints a result.
@Suite struct JSONataDebugTests {
    @Test func evaluateFromEnvironment() throws {
        guard let text = ProcessInfo.processInfo.environment["JSONATA_EXPR"] else { return }
        let input = try ProcessInfo.processInfo.environment["JSONATA_INPUT"].map { try JSONataValue(parsingJSON: $0) }
        do {
            let expr = try JSONataExpression(text)
            let r = try expr.evaluate(ordered: input)
            print("RESULT: \(r.map { $0.description } ?? "undefined")")
        } catch {
            print("ERROR: \(error)")
        }
    }
}
