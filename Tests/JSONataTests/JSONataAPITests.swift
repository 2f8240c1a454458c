import Foundation
import JSON
import Testing
@testable import JSONata

/// The public API, AWS Step Functions' additions, and error codes and positions.
@Suite struct JSONataAPITests {
    func eval(_ text: String, _ input: JSONValue? = nil, options: JSONataOptions = .stepFunctions) throws -> JSONValue? {
        try JSONataExpression(text, options: options).evaluate(input)
    }

    func failure(_ text: String, _ input: JSONValue? = nil) -> JSONataError? {
        do {
            _ = try JSONataExpression(text).evaluate(input)
            return nil
        } catch {
            return error
        }
    }

    @Test func partition() throws {
        #expect(try eval("$partition([1,2,3,4,5], 2)") == [[1, 2], [3, 4], [5]])
        #expect(try eval("$partition([1,2], 5)") == [[1, 2]])
        #expect(try eval("$partition([], 2)") == [])
        #expect(failure("$partition([1,2], 0)") != nil)
    }

    @Test func range() throws {
        #expect(try eval("$range(0, 10, 2)") == [0, 2, 4, 6, 8, 10])
        #expect(try eval("$range(1, 3)") == [1, 2, 3])
        #expect(try eval("$range(5, 1, -2)") == [5, 3, 1])
        // A sequence, as AWS gives it (the corpus records $range(1, 9, 9) as 1): one number is
        // that number, none is undefined.
        #expect(try eval("$range(1, 9, 9)") == 1)
        #expect(try eval("$range(3, 1)") == nil)
        #expect(failure("$range(1, 3, 0)") != nil)
    }

    @Test func hashVectors() throws {
        #expect(try eval("$hash('', 'MD5')") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(try eval("$hash('abc', 'MD5')") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(try eval("$hash('abc', 'SHA-1')") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(try eval("$hash('abc', 'SHA-256')") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try eval("$hash('abc', 'SHA-384')") == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
        #expect(try eval("$hash('abc', 'SHA-512')") == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(try eval("$hash('abc')") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(failure("$hash('abc', 'SHA-3')") != nil)
    }

    @Test func randomWithSeed() throws {
        let a = try eval("$random(42)")?.numberValue
        let b = try eval("$random(42)")?.numberValue
        let c = try eval("$random(7)")?.numberValue
        #expect(a != nil && a == b)
        #expect(a != c)
        #expect((0..<1).contains(a ?? -1))
        let r = try eval("$random()")?.numberValue ?? -1
        #expect((0..<1).contains(r))
    }

    @Test func uuidShape() throws {
        let u = try #require(try eval("$uuid()")?.stringValue)
        #expect(u.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
        #expect(try eval("$uuid() = $uuid()") == false)
    }

    @Test func parse() throws {
        #expect(try eval(#"$parse('{"b": [1, 2], "a": null}')"#) == ["b": [1, 2], "a": .null])
        #expect(try eval(#"$keys($parse('{"b": 1, "a": 2}'))"#) == ["b", "a"])
        #expect(try eval("$parse('3.5')") == 3.5)
        #expect(failure("$parse('{')") != nil)
    }

    @Test func evalIsLeftOutOfTheStepFunctionsProfile() throws {
        #expect(failure("$eval('1 + 1')")?.code == "T1006")
        #expect(try eval("$eval('1 + 1')", options: .standard) == 2)
        #expect(try eval("$partition", options: .standard) == nil)
    }

    @Test func errorCodesAndPositions() {
        let plus = failure(#"1 + "a""#)
        #expect(plus?.code == "T2002")
        #expect(plus?.position == 3)
        #expect(plus?.token == "+")
        #expect(plus?.message == "The right side of the + operator must evaluate to a number")
        let syntax = failure("Account.Order[0")
        #expect(syntax?.code == "S0203")
        #expect(failure("(1 + )")?.code == "S0211")
        #expect(failure("$sum('a')")?.code == "T0412")
        let sig = failure("$substring('abc', 'x')")
        #expect(sig?.code == "T0410")
        #expect(sig?.token == "substring")
        #expect(failure("$number('x')")?.code == "D3030")
        #expect(failure(#""abc" < 1"#)?.code == "T2009")
        #expect(failure("[1..10000001]")?.code == "D2014")
        #expect(failure("$error('boom')")?.message == "boom")
        #expect(failure("'unterminated")?.code == "S0101")
    }

    @Test func numbersPrintAsJavaScriptDoes() {
        let cases: [(Double, String)] = [(0.1, "0.1"), (123.456, "123.456"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
                                         (1e-7, "1e-7"), (0.000001, "0.000001"), (-2.5e-10, "-2.5e-10"), (1.5e300, "1.5e+300"),
                                         (Double.leastNonzeroMagnitude, "5e-324"), (-100, "-100"), (1234567.891, "1234567.891"), (0.1 + 0.2, "0.30000000000000004")]
        for (n, text) in cases { #expect(Functions.formatJS(n) == text) }
    }

    @Test func limits() throws {
        let expr = try JSONataExpression("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(10000))")
        #expect(throws: JSONataError.self) { try expr.evaluate(nil, limits: JSONataLimits(maxDepth: 200)) }
        let loop = try JSONataExpression("($f := function($n) { $f($n + 1) }; $f(0))")
        let start = Date()
        #expect(throws: JSONataError.self) { try loop.evaluate(nil, limits: JSONataLimits(maxDepth: 200, timeLimit: 0.2)) }
        #expect(Date().timeIntervalSince(start) < 5)
        // tail calls do not grow the depth
        let tail = try JSONataExpression("($f := function($n, $acc) { $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(5000, 0))")
        #expect(try tail.evaluate(nil, limits: JSONataLimits(maxDepth: 100)) == 5000)
    }

    @Test func bindingsFunctionsAndOrder() throws {
        let expr = try JSONataExpression("$states.input.price * $rate ~> $double()")
        let double = try JSONataFunction(name: "double", arity: 1, signature: "<n:n>") { args throws(JSONataError) in
            guard case .number(let n)? = args.first ?? nil else { return nil }
            return .number(n * 2)
        }
        let r = try expr.evaluate(nil, bindings: ["states": ["input": ["price": 10]], "rate": 1.5], functions: [double])
        #expect(r == 30)
        let ordered = try JSONataExpression("$keys($)").evaluate(ordered: try JSONataValue(parsingJSON: #"{"z": 1, "a": 2, "m": 3}"#))
        #expect(ordered?.description == #"["z","a","m"]"#)
        let object = try JSONataExpression(#"{"z": 1, "a": [1, 2.5, "x"]}"#).evaluate(ordered: nil)
        #expect(object?.description == #"{"z":1,"a":[1,2.5,"x"]}"#)
        #expect(try JSONataExpression("nothing").evaluate(["a": 1]) == nil)
        #expect(try JSONataExpression("null").evaluate(nil) == .null)
    }

    @Test func freeVariables() throws {
        let expr = try JSONataExpression("($z := 1; $states.input.x + $y + $z + $sum([1]) + $$.a + $)")
        #expect(expr.freeVariables == ["states", "y"])
        #expect(try JSONataExpression("function($a) { $a + $b }").freeVariables == ["b"])
        #expect(try JSONataExpression("items@$i#$n.($i + $n + $k)").freeVariables == ["k"])
    }

    @Test func concurrentEvaluation() async throws {
        let expr = try JSONataExpression("$sum(items.(price * qty))")
        let input: JSONValue = ["items": [["price": 2, "qty": 3], ["price": 4, "qty": 1]]]
        try await withThrowingTaskGroup(of: JSONValue?.self) { group in
            for _ in 0..<16 { group.addTask { try expr.evaluate(input) } }
            for try await r in group { #expect(r == 10) }
        }
    }
}
