import Testing
@testable import ASL

/// Examples from the AWS Step Functions developer guide ("Intrinsic functions"), plus error cases.
@Suite struct IntrinsicFunctionTests {
    func eval(_ expression: String, _ input: JSONValue = [:], context: JSONValue = [:], seed: UInt64 = 1) throws(StatesError) -> JSONValue {
        var random = SplitMix64(seed: seed)
        return try Intrinsics.evaluate(expression, input: input, context: context, random: &random)
    }

    func failure(_ expression: String, _ input: JSONValue = [:]) -> StatesError? {
        do {
            _ = try eval(expression, input)
            return nil
        } catch {
            return error
        }
    }

    func expectIntrinsicFailure(_ expression: String, _ input: JSONValue = [:], mentioning text: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let error = failure(expression, input)
        #expect(error?.error == StatesError.Name.intrinsicFailure, "\(expression)", sourceLocation: sourceLocation)
        #expect(error?.cause.contains(text) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    static let nine: JSONValue = ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9]]

    @Test func format() throws {
        #expect(try eval("States.Format('Hello, my name is {}.', $.name)", ["name": "Arnav"]) == "Hello, my name is Arnav.")
        #expect(try eval("States.Format('{} + {} = {}', 1, 2.5, true)") == "1 + 2.5 = true")
        // Objects and arrays as AWS prints them (recorded): keys and strings unquoted.
        #expect(try eval("States.Format('{}|{}|{}', null, $.o, $.a)", ["o": ["k": "v", "a": ["n": [1, "x"]]], "a": [1, "two"]])
                == "null|{a={n=[1, x]}, k=v}|[1, two]")
        #expect(try eval(#"States.Format('\{\}{}\'\\', $.x)"#, ["x": "v"]) == #"{}v'\"#)
        #expect(try eval("States.Format('no placeholders')") == "no placeholders")
        #expect(try eval("States.Format($.template, 'x')", ["template": "<{}>"]) == "<x>")
        #expect(try eval("States.Format('{}', $$.Execution.Name)", context: ["Execution": ["Name": "run-1"]]) == "run-1")
        expectIntrinsicFailure("States.Format('{} {}', 'one')", mentioning: "placeholders")
        expectIntrinsicFailure("States.Format('{}', 'one', 'two')", mentioning: "placeholder")
        expectIntrinsicFailure("States.Format(1)", mentioning: "string")
    }

    @Test func stringToJsonAndBack() throws {
        #expect(try eval("States.StringToJson($.escapedJsonString)", ["escapedJsonString": #"{"foo": "bar"}"#]) == ["foo": "bar"])
        #expect(try eval("States.JsonToString($.unescapedJson)", ["unescapedJson": ["foo": "bar"]]) == #"{"foo":"bar"}"#)
        #expect(try eval("States.StringToJson('[1, 2]')") == [1, 2])
        expectIntrinsicFailure("States.StringToJson('{nope')", mentioning: "not valid JSON")
        expectIntrinsicFailure("States.StringToJson(1)", mentioning: "must be a string")
        expectIntrinsicFailure("States.JsonToString()", mentioning: "expects 1 argument")
    }

    @Test func arrays() throws {
        #expect(try eval("States.Array($.Id)", ["Id": 123456]) == [123456])
        #expect(try eval("States.Array()") == [])
        #expect(try eval("States.Array('a', 1, true, null, States.Array())") == ["a", 1, true, nil, []])
        #expect(try eval("States.ArrayPartition($.inputArray,4)", Self.nine) == [[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        #expect(try eval("States.ArrayContains($.inputArray, $.lookingFor)", ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5]) == true)
        #expect(try eval("States.ArrayContains($.inputArray, 'x')", Self.nine) == false)
        #expect(try eval("States.ArrayRange(1, 9, 2)") == [1, 3, 5, 7, 9])
        #expect(try eval("States.ArrayRange(5, 1, -2)") == [5, 3, 1])
        #expect(try eval("States.ArrayRange(0, 999, 1)").arrayValue?.count == 1000)
        #expect(try eval("States.ArrayGetItem($.inputArray, $.index)", ["inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5]) == 6)
        #expect(try eval("States.ArrayLength($.inputArray)", Self.nine) == 9)
        #expect(try eval("States.ArrayUnique($.inputArray)", ["inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]]) == [1, 2, 3, 4])
    }

    @Test func arrayErrors() {
        expectIntrinsicFailure("States.ArrayPartition($.inputArray, 0)", Self.nine, mentioning: "positive")
        expectIntrinsicFailure("States.ArrayPartition('abc', 2)", mentioning: "argument 1 must be an array")
        expectIntrinsicFailure("States.ArrayPartition($.inputArray, 1.5)", Self.nine, mentioning: "must be an integer")
        expectIntrinsicFailure("States.ArrayRange(0, 1000, 1)", mentioning: "maximum of 1000")
        expectIntrinsicFailure("States.ArrayRange(0, 10, 0)", mentioning: "step")
        expectIntrinsicFailure("States.ArrayGetItem($.inputArray, 9)", Self.nine, mentioning: "out of bounds")
        expectIntrinsicFailure("States.ArrayGetItem($.inputArray, -1)", Self.nine, mentioning: "out of bounds")
        expectIntrinsicFailure("States.ArrayLength($.inputArray, 1)", Self.nine, mentioning: "expects 1 argument(s) but got 2")
        expectIntrinsicFailure("States.ArrayContains($.inputArray)", Self.nine, mentioning: "expects 2")
        expectIntrinsicFailure("States.ArrayUnique('x')", mentioning: "array")
    }

    @Test func base64() throws {
        #expect(try eval("States.Base64Encode($.input)", ["input": "Data to encode"]) == "RGF0YSB0byBlbmNvZGU=")
        #expect(try eval("States.Base64Decode($.base64)", ["base64": "RGF0YSB0byBlbmNvZGU="]) == "Data to encode")
        #expect(try eval("States.Base64Decode(States.Base64Encode('héllo ☃'))") == "héllo ☃")
        expectIntrinsicFailure("States.Base64Decode('not base64!')", mentioning: "base64")
        expectIntrinsicFailure("States.Base64Encode($.s)", ["s": .string(String(repeating: "a", count: 10_001))], mentioning: "10000")
        expectIntrinsicFailure("States.Base64Encode(12)", mentioning: "string")
    }

    @Test func hash() throws {
        let vectors: [(String, String, String)] = [
            ("abc", "MD5", "900150983cd24fb0d6963f7d28e17f72"),
            ("", "MD5", "d41d8cd98f00b204e9800998ecf8427e"),
            ("The quick brown fox jumps over the lazy dog", "MD5", "9e107d9d372bb6826bd81d3542a419d6"),
            ("abc", "SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "SHA-1", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
            ("abc", "SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("", "SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "SHA-256", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            ("abc", "SHA-384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
            ("abc", "SHA-512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "SHA-512",
             "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
        ]
        for (data, algorithm, digest) in vectors {
            #expect(try eval("States.Hash($.Data, $.Algorithm)", ["Data": .string(data), "Algorithm": .string(algorithm)]) == .string(digest), "\(algorithm) \(data)")
        }
        expectIntrinsicFailure("States.Hash('abc', 'SHA-999')", mentioning: "unsupported algorithm")
        expectIntrinsicFailure("States.Hash($.d, 'MD5')", ["d": .string(String(repeating: "x", count: 10_001))], mentioning: "maximum")
        expectIntrinsicFailure("States.Hash('abc')", mentioning: "expects 2")
    }

    @Test func jsonMerge() throws {
        let input: JSONValue = ["json1": ["a": ["a1": 1, "a2": 2], "b": 2], "json2": ["a": ["a3": 1, "a4": 2], "c": 3]]
        #expect(try eval("States.JsonMerge($.json1, $.json2, false)", input) == ["a": ["a3": 1, "a4": 2], "b": 2, "c": 3])
        expectIntrinsicFailure("States.JsonMerge($.json1, $.json2, true)", input, mentioning: "shallow")
        expectIntrinsicFailure("States.JsonMerge($.json1, 'x', false)", input, mentioning: "argument 2 must be an object")
    }

    @Test func math() throws {
        #expect(try eval("States.MathAdd($.value1, $.step)", ["value1": 111, "step": -1]) == 110)
        // Fractions are rounded half up first, as the executions AWS recorded show.
        #expect(try eval("States.MathAdd(1.5, 1)", [:]) == 3)
        #expect(try eval("States.MathAdd(-1.5, -1.51)", [:]) == -3)
        #expect(try eval("States.MathAdd(-0.5, 0.5)", [:]) == 1)
        expectIntrinsicFailure("States.MathAdd(1, 2147483648)", mentioning: "between")
        expectIntrinsicFailure("States.MathAdd('a', 1)", mentioning: "a number")
        expectIntrinsicFailure("States.MathAdd(1)", mentioning: "expects 2")

        let seeded = try eval("States.MathRandom($.start, $.end, 1234)", ["start": 1, "end": 999], seed: 1)
        #expect(try eval("States.MathRandom($.start, $.end, 1234)", ["start": 1, "end": 999], seed: 99) == seeded)
        let n = try #require(seeded.intValue)
        #expect((1..<999).contains(n))
        var values = Set<JSONValue>()
        for seed in 0..<50 as Range<UInt64> {
            let v = try eval("States.MathRandom(0, 3)", seed: seed)
            #expect((0..<3).contains(try #require(v.intValue)))
            values.insert(v)
        }
        #expect(values.count == 3)
        expectIntrinsicFailure("States.MathRandom(5, 5)", mentioning: "less than")
        expectIntrinsicFailure("States.MathRandom('a', 5)", mentioning: "a number")
    }

    @Test func stringSplit() throws {
        #expect(try eval("States.StringSplit($.inputString, $.splitter)", ["inputString": "1,2,3,4,5", "splitter": ","]) == ["1", "2", "3", "4", "5"])
        #expect(try eval("States.StringSplit($.inputString, $.splitter)", ["inputString": "This.is+a,test=string", "splitter": ".+,="]) == ["This", "is", "a", "test", "string"])
        expectIntrinsicFailure("States.StringSplit(1, ',')", mentioning: "string")
    }

    @Test func uuid() throws {
        let a = try #require(try eval("States.UUID()", seed: 7).stringValue)
        #expect(try eval("States.UUID()", seed: 7) == .string(a))
        #expect(try eval("States.UUID()", seed: 8) != .string(a))
        let parts = a.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect("89ab".contains(parts[3].first!))
        #expect(a.allSatisfy { "0123456789abcdef-".contains($0) })
        expectIntrinsicFailure("States.UUID(1)", mentioning: "expects 0")
    }

    @Test func nestedCalls() throws {
        let input: JSONValue = ["ImageRecipe": ["Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/myrecipe/1.0.2"]]
        let expression = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))"
        #expect(try eval(expression, input) == "1.0")
    }

    @Test func pathArguments() throws {
        let input: JSONValue = ["a": ["b,c": [1, 2], "list": [["v": 1], ["v": 5]]]]
        #expect(try eval("States.ArrayLength($.a['b,c'])", input) == 2)
        #expect(try eval("States.Array($.a.list[?(@.v > 2)].v)", input) == [[5]])
        let error = failure("States.Array($.missing)", input)
        #expect(error?.error == StatesError.Name.parameterPathFailure)
        #expect(error?.cause.contains("$.missing") == true)
    }

    @Test func syntaxErrors() {
        expectIntrinsicFailure("States.Nope(1)", mentioning: "unknown intrinsic function 'States.Nope'")
        expectIntrinsicFailure("States.Array(1", mentioning: "missing ')'")
        expectIntrinsicFailure("States.Array('abc)", mentioning: "unterminated string")
        expectIntrinsicFailure("States.Array(1 2)", mentioning: "expected ',' or ')'")
        expectIntrinsicFailure("States.Array(1) x", mentioning: "after the call")
        expectIntrinsicFailure("States.Array(#)", mentioning: "at position 14")
    }
}
