import Foundation
import JSON
import Testing
@testable import JSONata

/// Runs every case of the JSONata reference suite (jsonata-js v2.0.6), found beside the package at
/// `../shared/jsonata-test-suite`.
@Suite struct JSONataSuiteTests {
    /// The only cases not run, each with its reason: what AWS Step Functions leaves out of JSONata.
    static let exclusions: [String: String] = {
        var e: [String: String] = [:]
        for i in 0...8 { e["function-eval/case00\(i)"] = "AWS Step Functions does not offer $eval" }
        return e
    }()

    static var suiteRoot: URL {
        // Tests/JSONataTests/<this file> -> package root -> its parent holds shared/
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/jsonata-test-suite")
    }

    struct Case {
        var name: String
        var body: JV
        var directory: URL
    }

    static func loadCases() throws -> [Case] {
        let groups = suiteRoot.appendingPathComponent("groups")
        var cases: [Case] = []
        let fm = FileManager.default
        for group in try fm.contentsOfDirectory(atPath: groups.path).sorted() {
            let dir = groups.appendingPathComponent(group)
            for file in try fm.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".json") {
                var text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                if (try? JSONValue.parse(text, builder: OrderedBuilder())) == nil {
                    // a lone surrogate (\uD800) that no Swift string holds: left for the JSONata lexer to read
                    text = text.replacingOccurrences(of: #"\\u(D[89ABab][0-9A-Fa-f]{2})(?!\\u)"#, with: #"\\\\u$1"#, options: .regularExpression)
                }
                let value = try JSONValue.parse(text, builder: OrderedBuilder())
                let base = "\(group)/\(file.dropLast(5))"
                if case .array(let list) = value {
                    for (i, c) in list.items.enumerated() { cases.append(Case(name: "\(base)[\(i)]", body: c, directory: dir)) }
                } else {
                    cases.append(Case(name: base, body: value, directory: dir))
                }
            }
        }
        return cases
    }

    static var datasets: [String: JV] = [:]

    static func dataset(_ name: String) throws -> JV {
        if let d = datasets[name] { return d }
        let url = suiteRoot.appendingPathComponent("datasets/\(name).json")
        let d = try JSONValue.parse(try String(contentsOf: url, encoding: .utf8), builder: OrderedBuilder())
        datasets[name] = d
        return d
    }

    /// nil when the case passes, else why it failed.
    static func run(_ c: Case) -> String? {
        guard case .object(let o) = c.body else { return "not an object" }
        var exprText: String
        if case .string(let e)? = o["expr"] {
            exprText = e
        } else if case .string(let file)? = o["expr-file"] {
            guard let t = try? String(contentsOf: c.directory.appendingPathComponent(file), encoding: .utf8) else { return "no expr-file" }
            exprText = t
        } else {
            return "no expr"
        }
        var input: JV? = nil
        if let d = o["data"] {
            input = d
        } else if case .string(let name)? = o["dataset"] {
            guard let d = try? dataset(name) else { return "no dataset \(name)" }
            input = d
        }
        var bindings: [String: JV] = [:]
        if case .object(let b)? = o["bindings"] { for m in b.entries { bindings[m.key] = m.value } }
        var limits = JSONataLimits(maxDepth: 10_000, timeLimit: 10)
        if case .number(let d)? = o["depth"] { limits.maxDepth = Int(d) }
        if case .number(let t)? = o["timelimit"] { limits.timeLimit = t / 1000 }
        var expectedCode: String? = nil
        if case .string(let code)? = o["code"] { expectedCode = code }
        if case .object(let e)? = o["error"], case .string(let code)? = e["code"] { expectedCode = code }
        do throws(JSONataError) {
            let expr = try JSONataExpression(exprText, options: .stepFunctions)
            let result = try expr.evaluate(input, bindings: bindings, functions: [], limits: limits)
            if let expectedCode { return "expected error \(expectedCode), got \(show(result))" }
            if case .bool(true)? = o["undefinedResult"] {
                return result == nil ? nil : "expected undefined, got \(show(result))"
            }
            guard let expected = o["result"] else { return "case has no result" }
            guard let result else { return "expected \(show(expected)), got undefined" }
            if case .bool(true)? = o["unordered"], case .array(let ea) = expected, case .array(let ra) = result {
                var remaining = ra.items
                for e in ea.items {
                    guard let i = remaining.firstIndex(where: { same($0, e) }) else { return "expected \(show(expected)) (unordered), got \(show(result))" }
                    remaining.remove(at: i)
                }
                return remaining.isEmpty ? nil : "expected \(show(expected)) (unordered), got \(show(result))"
            }
            return same(result, expected) ? nil : "expected \(show(expected)), got \(show(result))"
        } catch {
            if let expectedCode, error.code == expectedCode { return nil }
            return "error \(error.code): \(error.message)" + (expectedCode.map { " (expected \($0))" } ?? "")
        }
    }

    static func show(_ v: JV?) -> String {
        guard let v else { return "undefined" }
        let s = Functions.stringify(v, pretty: false) ?? ""
        return s.count > 300 ? String(s.prefix(300)) + "..." : s
    }

    /// Deep equality as JSON: objects regardless of member order, numbers by value (functions as "").
    static func same(_ a: JV, _ b: JV) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x == y || abs(x - y) <= 1e-13 * max(abs(x), abs(y))
        case (.array(let x), .array(let y)):
            guard x.items.count == y.items.count else { return false }
            return zip(x.items, y.items).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            let xe = x.entries.filter { !$0.value.isFunction }
            guard xe.count == y.count else { return false }
            return xe.allSatisfy { m in y[m.key].map { same(m.value, $0) } ?? false }
        case (.function, .string(let s)):
            return s.isEmpty
        default:
            return Functions.deepEqual(a, b)
        }
    }

    @Test func referenceSuite() throws {
        let cases = try JSONataSuiteTests.loadCases()
        final class Tally: @unchecked Sendable { var failures: [String] = []; var passed = 0; var excluded = 0 }
        let tally = Tally()
        // A thread with a large stack: deep recursion cases run the evaluator tens of levels deep per call.
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for c in cases {
                let key = c.name.components(separatedBy: "[").first!
                if JSONataSuiteTests.exclusions[key] != nil || JSONataSuiteTests.exclusions[c.name] != nil { tally.excluded += 1; continue }
                if let why = JSONataSuiteTests.run(c) {
                    let expr: String
                    if case .object(let o) = c.body, case .string(let e)? = o["expr"] { expr = e } else { expr = "(file)" }
                    tally.failures.append("\(c.name): \(expr.prefix(120)) -> \(why.prefix(400))")
                } else {
                    tally.passed += 1
                }
            }
            done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        done.wait()
        let failures = tally.failures, passed = tally.passed, excluded = tally.excluded
        let summary = "JSONata suite: \(passed) passed / \(cases.count) total / \(excluded) excluded, \(failures.count) failing"
        print(summary)
        if let out = ProcessInfo.processInfo.environment["JSONATA_FAILURES"] {
            try? (failures.joined(separator: "\n") + "\n" + summary + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
        #expect(failures.isEmpty, "\(summary)\n\(failures.joined(separator: "\n"))")
    }
}
