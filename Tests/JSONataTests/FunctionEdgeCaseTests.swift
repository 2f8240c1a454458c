import Foundation
import JSON
import Testing
@testable import JSONata

/// Built-in functions on input the reference suite does not try: each gives an answer or an
/// error, never a crash or a hang.
@Suite struct FunctionEdgeCaseTests {
    func eval(_ text: String) throws -> JSONValue? {
        try JSONataExpression(text).evaluate(nil)
    }

    func errorCode(_ text: String) -> String? {
        do {
            _ = try eval(text)
            return nil
        } catch let error as JSONataError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func formatBaseBeyondInt64WritesV8Digits() throws {
        // V8: (1e20).toString(16) and (2**70).toString(2); radix 10 prints as JavaScript does
        #expect(try eval("$formatBase(1e20, 16)") == .string("56bc75e2d63100000"))
        #expect(try eval("$formatBase(-1e20, 16)") == .string("-56bc75e2d63100000"))
        #expect(try eval("$formatBase(1180591620717411303424, 2)") == .string("1" + String(repeating: "0", count: 70)))
        #expect(try eval("$formatBase(1e21, 10)") == .string("1e+21"))
        #expect(try eval("$formatBase(255, 16)") == .string("ff"))
        #expect(try eval("$formatBase(1e308, 36)") != nil)
    }

    @Test func negativeNumberWithExponentPictureFails() {
        // jsonata-js loops until its time limit; we fail at once with that limit's error
        #expect(errorCode("$formatNumber(-1234.5, '0.00e0')") == "U1001")
        #expect(errorCode("$formatNumber(1234.5, '0.00e0')") == nil)
    }

    @Test func otherDigitFamilyPictureReadsNoASCIIDigits() {
        // ASCII '2017' against a picture of Arabic-Indic digits crashed on an arithmetic overflow;
        // mapped as fromCharCode does (the code wraps), it reads no year: an answer or a JSONata error
        let outcome = Result { try eval("$toMillis('2017', '[Y٠٠٠١]')") }
        if case .failure(let error) = outcome { #expect(error is JSONataError) }
    }

    @Test func trimCollapsesRunsOfTheFourSpaces() throws {
        #expect(try eval("$trim('  a \\t\\n b  ')") == .string("a b"))
        #expect(try eval("$trim('\\r\\n')") == .string(""))
        #expect(try eval("$trim('é\\u00a0 ü')") == .string("é\u{a0} ü"))  // a no-break space is not one of them
        #expect(try eval("$trim('')") == .string(""))
    }

    @Test func numberReadsDecimalTextOnly() throws {
        #expect(try eval("$number('-0.5E-2')") == .number(-0.005))
        #expect(try eval("$number('007')") == .number(7))
        #expect(try eval("$number('0x1F')") == .number(31))
        for text in ["1.", ".5", " 1", "1e", "--1", "1e+", ""] {
            #expect(errorCode("$number('\(text)')") == "D3030", "\(text)")
        }
    }

    /// Numbers far past any string, array or date, from the review of the evaluator's conversions:
    /// each gives an answer or an error, as jsonata-js does, where a conversion to Int trapped.
    @Test func hugeNumbersNeverTrap() throws {
        #expect(try eval("$match('aaa', /a/, 1e300).match") == .array([.string("a"), .string("a"), .string("a")]))
        #expect(try eval("$replace('aaa', 'a', 'b', 1e300)") == .string("bbb"))
        #expect(try eval("$split('a,b', ',', 1e300)") == .array([.string("a"), .string("b")]))
        #expect(try eval("[1,2][1e300]") == nil)
        #expect(try eval("[1,2][-1e300]") == nil)
        _ = Result { try eval("$round(1.5, 1e300)") }  // an answer or an error, no trap
        #expect(try eval("$formatInteger(1e19, 'A')") == .string("CZTMZYGCWNYOQK"))  // node, jsonata-js's loop
        #expect(errorCode("$formatInteger(1e300, 'I')") == "RangeError")
        #expect(try eval("$formatInteger(1994, 'I')") == .string("MCMXCIV"))
        #expect(errorCode("$fromMillis(1e300)") == "RangeError")
        #expect(try eval("$fromMillis(8.64e15, '[Y]')") == .string("275760"))
        #expect(try eval("$toMillis('99999999999999999999', '[Y]')") == nil)
        #expect(try eval("$toMillis('2020 99999999999999999999', '[Y] [d]')") == nil)
        #expect(errorCode("$pad('a', 1e300)") == "RangeError")
        #expect(try eval("$formatNumber(12, '#0', {'zero-digit': '\\uD7FA'})") != nil)
    }

    @Test func matcherFunctionWithHugeOffsets() throws {
        let result = try eval("$match('abc', function($s){{'match':'a','start':1e300,'end':1}})")
        #expect(result != nil)
    }

    @Test func groupingAnEmptyTupleStreamIsJavaScriptsTypeError() throws {
        let input = try JSONValue(parsing: #"{"Account": {"Order": [{"OrderID": "x"}]}}"#)
        do {
            _ = try JSONataExpression("Account.Order@$o.Nothing{'a': 1}").evaluate(input)
            Issue.record("no error")
        } catch {
            #expect(error.code == "TypeError")
        }
    }

    @Test func isoTimestampsAreJavaScriptsASCII() {
        // fullwidth digits and a final line break never match jsonata-js's ISO pattern: D3110
        #expect(errorCode("$toMillis('２０１８-01-01')") == "D3110")
        #expect(errorCode("$toMillis('2018-01-01\\n')") == "D3110")
        #expect(errorCode("$toMillis('2018-01-01')") == nil)
    }

    @Test func splitByRegexCountsMatchesBelowAFractionalLimit() throws {
        // jsonata-js's loop: matches are taken while their count is below the limit
        #expect(try eval("$split('a1b2c', /\\d/, 1.5)") == .array([.string("a"), .string("b")]))
        #expect(try eval("$split('a', /a/, 0.5)") == .array([.string("")]))
        // a string separator: JavaScript's split floors it
        #expect(try eval("$split('a,b,c', ',', 1.5)") == .array([.string("a")]))
        #expect(try eval("$split('a,b,c', ',', 0.5)") == .array([]))
    }

    @Test func largeIntegersPrintAsJavaScriptPrintsThem() throws {
        // node: String(2 ** 60), String(2 ** 53 + 2), String(1e20); $string keeps 15 significant digits
        #expect(try eval("$formatBase(1152921504606846976, 10)") == .string("1152921504606847000"))
        #expect(try eval("$formatBase(9007199254740994, 10)") == .string("9007199254740994"))
        #expect(try eval("$formatBase(-1152921504606846976, 10)") == .string("-1152921504606847000"))
        #expect(try eval("$formatBase(1e20, 10)") == .string("100000000000000000000"))
        #expect(try eval("$string(1152921504606846976)") == .string("1152921504606850000"))
        #expect(try eval("'' & 123456789012345680") == .string("123456789012346000"))
    }
}
