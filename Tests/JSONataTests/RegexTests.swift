import Foundation
import JSON
import Testing
@testable import JSONata

/// The regex engine (``JRegex``): ECMAScript semantics without the `u` flag, checked against what
/// JavaScript (node 20, `RegExp.prototype.exec` with the `d` flag) gives, then through JSONata's
/// regex functions.
@Suite struct RegexTests {
    /// (pattern, flags, input, capture offsets of the first match: start and end of the match, then
    /// of each group, -1 for a group that did not participate; nil: no match). UTF-16 offsets.
    static let firstMatches: [(String, String, String, [Int]?)] = [
        ("a|ab|abc", "", "abc", [0, 1]),
        ("x(a|ab)c", "", "xabc", [0, 4, 1, 3]),
        ("a+", "", "baaa", [1, 4]),
        ("a+?", "", "baaa", [1, 2]),
        ("a*?b", "", "aaab", [0, 4]),
        ("a{2,3}", "", "aaaa", [0, 3]),
        ("a{2,3}?", "", "aaaa", [0, 2]),
        ("a{2}", "", "aaaa", [0, 2]),
        ("a{2,}", "", "aaaaa", [0, 5]),
        ("a{2,}?", "", "aaaaa", [0, 2]),
        ("<.+>", "", "<a><b>", [0, 6]),
        ("<.+?>", "", "<a><b>", [0, 3]),
        ("a??b", "", "ab", [0, 2]),
        ("(a+)(a*)", "", "aaa", [0, 3, 0, 3, 3, 3]),
        ("(a+?)(a*)", "", "aaa", [0, 3, 0, 1, 1, 3]),
        ("(\\w+) (\\w+)", "", "The quick brown", [0, 9, 0, 3, 4, 9]),
        ("(a)(?:b)(c)", "", "abc", [0, 3, 0, 1, 2, 3]),
        ("(?<y>\\d{4})-(?<m>\\d\\d)", "", "on 2024-05 ok", [3, 10, 3, 7, 8, 10]),
        ("((a)(b))", "", "ab", [0, 2, 0, 2, 0, 1, 1, 2]),
        ("(a)\\1", "", "xaa", [1, 3, 1, 2]),
        ("(a)|\\1b", "", "b", [0, 1, -1, -1]),
        ("\\1(a)", "", "a", [0, 1, 0, 1]),
        ("(?<q>['\"]).*?\\k<q>", "", "say \"hi\" 'x'", [4, 8, 4, 5]),
        ("(a)?b\\1", "", "b", [0, 1, -1, -1]),
        ("(a)\\1", "i", "aA", [0, 2, 0, 1]),
        ("(\\w)\\1", "", "abccd", [2, 4, 2, 3]),
        ("(?:(a)|b)\\1c", "", "bc", [0, 2, -1, -1]),
        ("(?:(a)|b)+", "", "ab", [0, 2, -1, -1]),
        ("(a|(b))+", "", "ba", [0, 2, 1, 2, -1, -1]),
        ("((a)|b)+", "", "ab", [0, 2, 1, 2, -1, -1]),
        ("(a*)*", "", "b", [0, 0, -1, -1]),
        ("(a*)+", "", "b", [0, 0, 0, 0]),
        ("(a|b)*?c", "", "abc", [0, 3, 1, 2]),
        ("(?:a|())*", "", "aa", [0, 2, -1, -1]),
        ("(z)((a+)?(b+)?(c))*", "", "zaacbbbcac", [0, 10, 0, 1, 8, 10, 8, 9, -1, -1, 9, 10]),
        ("(.*?)a(?!(a+)b\\2c)\\2(.*)", "", "baaabaac", [0, 8, 0, 2, -1, -1, 3, 8]),
        ("\\w+(?=!)", "", "hi there!", [3, 8]),
        ("\\d+(?!px)", "", "12px 34em", [0, 1]),
        ("(?=(a+))a*b\\1", "", "baaabac", [3, 6, 3, 4]),
        ("(?=(a+))", "", "baaabac", [1, 1, 1, 4]),
        ("(?<=\\$)\\d+", "", "cost $42", [6, 8]),
        ("(?<!\\$)\\b\\d+", "", "$4 5", [3, 4]),
        ("(?<=(\\d+)(\\d+))$", "", "1053", [4, 4, 0, 1, 1, 4]),
        ("(?<=(\\d+?)(\\d+))$", "", "1053", [4, 4, 0, 1, 1, 4]),
        ("(?<=\\1(a))b", "", "aab", [2, 3, 1, 2]),
        ("(?<=(a)\\1)b", "", "aab", [2, 3, 1, 2]),
        ("(?<!(a))b", "", "ab cb", [4, 5, -1, -1]),
        ("(?<=^|,)\\w", "", "x,y", [0, 1]),
        ("(?=a)*a", "", "a", [0, 1]),
        ("\\bfoo\\b", "", "foo", [0, 3]),
        ("\\bfoo\\b", "", "a foo.", [2, 5]),
        ("\\B", "", "ab", [1, 1]),
        ("\\b", "", "", nil),
        ("\\B", "", "", [0, 0]),
        ("o\\b", "", "foo bar", [2, 3]),
        ("\\Boo", "", "foo", [1, 3]),
        ("^b", "m", "a\u{A}b", [2, 3]),
        ("^b", "", "a\u{A}b", nil),
        ("a$", "m", "a\u{A}b", [0, 1]),
        ("a$", "", "a\u{A}", nil),
        ("a$", "m", "a\u{D}\u{A}b", [0, 1]),
        ("^c", "m", "a\u{2028}c", [2, 3]),
        ("b$", "m", "b\u{2029}", [0, 1]),
        ("^$", "m", "a\u{A}\u{A}b", [2, 2]),
        (".+", "", "ab\u{A}cd", [0, 2]),
        (".", "", "\u{D}", nil),
        (".", "", "\u{2028}x", [1, 2]),
        ("[^]+", "", "a\u{A}b", [0, 3]),
        ("a[]", "", "a", nil),
        ("[]|b", "", "ab", [1, 2]),
        ("[^]", "", "", nil),
        ("[a-c]+", "", "xabcd", [1, 4]),
        ("[^a-c]+", "", "abxyc", [2, 4]),
        ("[\\d-z]+", "", "a1-z", [1, 4]),
        ("[\\w.]+", "", "!a.b!", [1, 4]),
        ("[\\b]", "", "a\u{8}b", [1, 2]),
        ("[\\-]", "", "a-b", [1, 2]),
        ("[a\\-z]+", "", "b-az", [1, 4]),
        ("[\\s]+", "", "x\u{A0}\u{FEFF} y", [1, 4]),
        ("\\s+", "", "a\u{3000}\u{2028}b", [1, 3]),
        ("\\S+", "", " \u{9}ab ", [2, 4]),
        ("[\\D]+", "", "12ab3", [2, 4]),
        ("[\\W\\d]+", "", "ab!1c", [2, 4]),
        ("[-a]+", "", "x-a-", [1, 4]),
        ("[a-]+", "", "x-a-", [1, 4]),
        ("]", "", "a]", [1, 2]),
        ("}", "", "}", [0, 1]),
        ("[\\]]", "", "]", [0, 1]),
        ("[.]", "", "a.", [1, 2]),
        ("[$^]+", "", "a^$", [1, 3]),
        ("\\t\\n", "", "a\u{9}\u{A}b", [1, 3]),
        ("\\x41", "", "zA", [1, 2]),
        ("\\u0041\\u00e9", "", "A\u{E9}", [0, 2]),
        ("\\cJ", "", "\u{A}", [0, 1]),
        ("\\0", "", "a\u{0}", [1, 2]),
        ("\\101", "", "A", [0, 1]),
        ("\\8", "", "8", [0, 1]),
        ("\\k", "", "k", [0, 1]),
        ("\\c1", "", "\\c1", [0, 3]),
        ("[\\c1]", "", "\u{11}", [0, 1]),
        ("\\xZ", "", "xZ", [0, 2]),
        ("\\uZ", "", "uZ", [0, 2]),
        ("\\v\\f", "", "\u{B}\u{C}", [0, 2]),
        ("\\/", "", "a/b", [1, 2]),
        ("\\12", "", "\u{A}", [0, 1]),
        ("(a)\\2", "", "a\u{2}", [0, 2, 0, 1]),
        ("[a-z]+", "i", "1ABC", [1, 4]),
        ("[^a-z]", "i", "A1", [1, 2]),
        ("\u{3C3}", "i", "\u{3A3}", [0, 1]),
        ("\u{3A3}+", "i", "\u{3C3}\u{3C2}", [0, 2]),
        ("\\u017F", "i", "s", nil),
        ("k", "i", "\u{212A}", nil),
        ("\u{E9}", "i", "\u{C9}", [0, 1]),
        ("[\u{E9}]", "i", "\u{C9}", [0, 1]),
        ("[A-Z]", "i", "\u{17F}", nil),
        ("abc", "i", "xAbC", [1, 4]),
        ("[\\w]+", "i", "Ab_9", [0, 4]),
        ("\u{DF}", "i", "SS", nil),
        ("[\u{E0}-\u{F6}]+", "i", "\u{C0}\u{D6}", [0, 2]),
        ("[\u{3C3}]", "i", "\u{3C2}", [0, 1]),
        ("[^\u{3C3}]", "i", "\u{3C2}", nil),
        ("[\u{3C2}]", "i", "\u{3C3}", [0, 1]),
        ("[\u{B5}]", "i", "\u{3BC}", [0, 1]),
        ("[\u{1C5}]", "i", "\u{1C6}", [0, 1]),
        ("[\u{3B1}-\u{3C9}]+", "i", "\u{391}\u{3A3}\u{3A9}\u{3C2}", [0, 4]),
        ("[^\u{3B1}-\u{3C9}]", "i", "\u{3A3}", nil),
        ("[\\w]", "i", "\u{17F}", nil),
        ("[\u{212A}]", "i", "k", nil),
        ("[\u{1E9E}]", "i", "\u{DF}", nil),
        (".", "", "\u{1F600}", [0, 1]),
        ("x", "", "\u{1F600}x", [2, 3]),
        ("\\ud83d", "", "a\u{1F600}", [1, 2]),
        ("\u{1F600}+", "", "\u{1F600}\u{1F600}", [0, 2]),
        ("[\u{1F600}]", "", "\u{1F600}", [0, 1]),
        ("\\S", "", "\u{1F600}", [0, 1]),
        ("b", "", "a\u{1F600}\u{1F600}b", [5, 6]),
        ("a{", "", "a{", [0, 2]),
        ("a{1,", "", "a{1,", [0, 4]),
        ("a{,2}", "", "a{,2}", [0, 5]),
        ("x{1}y", "", "xy", [0, 2]),
        ("a{0}b", "", "ab", [1, 2]),
        ("a{3}", "", "aa", nil),
        ("\\w+o", "", "foo boo", [0, 3]),
        ("a+a", "", "aaa", [0, 3]),
        ("[a-z]+ab", "", "xabab", [0, 5]),
        ("\\d+5", "", "12345", [0, 5]),
        ("\\d+5", "", "12346", nil),
        ("\\d{2,3}1", "", "11111", [0, 4]),
        (".*\"", "", "\"a\"b\"c", [0, 5]),
        ("x*", "", "aaa", [0, 0]),
        ("a*a*b", "", "aab", [0, 3]),
        ("(?:)", "", "abc", [0, 0]),
        ("a|", "", "b", [0, 0]),
        ("(|a)+", "", "a", [0, 1, 0, 1]),
        ("(a|)+b", "", "aab", [0, 3, 1, 2]),
        ("^(?:a+|b)*$", "", "aaabab", [0, 6]),

    ]

    @Test func firstMatchesAsJavaScriptFindsThem() throws {
        for (pattern, flags, input, expected) in Self.firstMatches {
            let regex = try JRegex(pattern: pattern, flags: flags)
            let got = try regex.captureOffsets(in: input)
            #expect(got == expected, "/\(pattern)/\(flags) on \(input.debugDescription)")
        }
    }

    /// What JavaScript refuses (each with node's message), refused with S0303 at parse time.
    @Test func invalidPatterns() {
        let invalid = ["(", ")", "[a", "*a", "a**", "a{2,1}", "(?<a>x)(?<a>y)", "\\", "[z-a]", "(?<=a)*", "{1}", "(?x)",
                       "(?<a>x)\\k<b>", "(?<a>x)\\k", "^*", "a|*", "(?<1a>x)", "x{1}{2}", "\\b+", "a???"]
        for pattern in invalid {
            #expect(throws: RegexCompiler.SyntaxError.self, "/\(pattern)/") { try JRegex(pattern: pattern, flags: "") }
        }
        // (jsonata-js's lexer finds no end to `/(/` or `/[a/`: S0302 there, before the pattern is read; `/*` opens a comment)
        for pattern in ["a**", "a{2,1}", "(?<a>x)(?<a>y)", "[z-a]", "(?x)", "^*", "\\b+", "a???"] {
            do {
                _ = try JSONataExpression("$match('a', /\(pattern)/)")
                Issue.record("/\(pattern)/ was accepted")
            } catch {
                #expect(error.code == "S0303", "/\(pattern)/")
            }
        }
        for pattern in ["[\\d-z]", "a{1}?", "(?=a){2}", "a{", "]", "}", "\\8", "\\k", "(a)\\2"] {
            #expect(throws: Never.self, "/\(pattern)/") { try JRegex(pattern: pattern, flags: "") }
        }
    }

    func eval(_ text: String, _ input: JSONValue? = nil, limits: JSONataLimits = .default) throws -> JSONValue? {
        try JSONataExpression(text).evaluate(input, limits: limits)
    }

    @Test func replace() throws {
        #expect(try eval("$replace('The quick brown fox jumps over the lazy dog', /(\\w+) (\\w+)/, '$2 $1')")
                == "quick The fox brown over jumps lazy the dog")
        #expect(try eval("$replace('abcb', /(b)/, '[$1$$$0]')") == "a[b$b]c[b$b]")
        #expect(try eval("$replace('abcb', /b/, 'x', 1)") == "axcb")
        #expect(try eval("$replace('abc', /z/, 'x')") == "abc")
        #expect(try eval("$replace('ab', /a/, '$')") == "$b")
        #expect(try eval("$replace('ab', /a/, '$x$')") == "$x$b")
        #expect(try eval("$replace('ab', /a/, '$$1')") == "$1b")
        #expect(try eval("$replace('ab', /a/, 'é$0')") == "éab")
        #expect(try eval("$replace('abcdefghijk', /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/, '$11$12$1')") == "ka2a")
        // $2 of a regex with one group is empty; $10 with one group is $1 then "0"
        #expect(try eval("$replace('ab', /(a)/, '<$2|$10>')") == "<|a0>b")
        // a group that did not participate is empty
        #expect(try eval("$replace('b', /(a)?b/, '[$1]')") == "[]")
        // UTF-16 slices around astral characters, and a non-ASCII replacement
        #expect(try eval("$replace('😀a😀a', /a/, 'é')") == "😀é😀é")
        #expect(try eval("$replace('abc', /b/, function($m) { $uppercase($m.match) & $m.start })") == "aB1c")
        #expect(throws: JSONataError.self) { try eval("$replace('abc', /x*/, 'y')") } // D1004: matches empty
    }

    @Test func matchSplitContainsAndCalls() throws {
        #expect(try eval("$match('a😀b', /b/).index") == 3)
        #expect(try eval("$match('2024-05 1999-12', /(\\d+)-(\\d+)/).groups") == ["2024", "05", "1999", "12"])
        #expect(try eval("$match('ab', /(x)?b/).groups") == [""])
        #expect(try eval("$split('a1b22c', /\\d+/)") == ["a", "b", "c"])
        #expect(try eval("$split('a1b22c', /\\d+/, 2)") == ["a", "b"])
        #expect(try eval("$contains('Hello', /l+/)") == true)
        #expect(try eval("$contains('Hello', /^l/m)") == false)
        #expect(try eval("$contains('He\\nllo', /^l/m)") == true)
        #expect(try eval("/(\\w)(\\d)/('x a1 b2').groups") == ["a", "1"])
        #expect(try eval("/(\\w)(\\d)/('x a1 b2').next().start") == 5)
        #expect(try eval("/(\\w)(\\d)/('x a1 b2').next().end") == 7)
        #expect(try eval("/[a-z]/i('12Q').match") == "Q")
    }

    /// Backtracking that would take longer than the universe fails with the time limit's U1001.
    @Test func catastrophicBacktrackingHitsTheTimeLimit() throws {
        do {
            _ = try eval("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)", limits: JSONataLimits(timeLimit: 0.05))
            Issue.record("no error")
        } catch {
            #expect((error as? JSONataError)?.code == "U1001")
        }
    }

    /// A search whose time grows with the input squared without much backtracking (`a*c` tried
    /// from every start of a long run of a's) fails with the time limit too.
    @Test func quadraticSearchHitsTheTimeLimit() {
        for pattern in ["a*c", "\\w*c", "[a]*c"] {
            do {
                _ = try eval("$match($pad('', 200000, 'a'), /\(pattern)/)", limits: JSONataLimits(timeLimit: 0.05))
                Issue.record("no error for /\(pattern)/")
            } catch {
                #expect((error as? JSONataError)?.code == "U1001", "/\(pattern)/")
            }
        }
    }

    /// Groups nested deeper than ``RegexCompiler/maxNesting`` are refused at parse time (S0303),
    /// where parsing them would recurse once per level.
    @Test func deeplyNestedGroupsAreRefused() throws {
        let deep = String(repeating: "(", count: 5_000) + "a" + String(repeating: ")", count: 5_000)
        do {
            _ = try eval("$match('a', /\(deep)/)")
            Issue.record("no error")
        } catch {
            #expect((error as? JSONataError)?.code == "S0303")
        }
        let fine = String(repeating: "(?:", count: 200) + "a" + String(repeating: ")", count: 200)
        #expect(try eval("$match('a', /\(fine)/).match") == .string("a"))
    }

    /// A backtrack stack that would outgrow ``RegexMatcher/maxStackEntries`` fails with U1001
    /// (a loop with a capture over a million units) rather than taking the machine's memory.
    @Test func backtrackStackIsBounded() throws {
        let huge = String(repeating: "ab", count: 500_000)
        #expect(throws: JSONataError.self) { try JRegex(pattern: "(a|b)*$", flags: "").captureOffsets(in: huge) }
        // without a capture in the loop, one entry per run: no limit is reached
        #expect(try JRegex(pattern: "[ab]*$", flags: "").captureOffsets(in: huge) == [0, 1_000_000])
    }

    /// A long input does not overflow the stack: the backtrack stack is explicit.
    @Test func longInputs() throws {
        let long = String(repeating: "ab", count: 50_000)
        #expect(try JRegex(pattern: "(?:a|b)*$", flags: "").captureOffsets(in: long) == [0, 100_000])
        #expect(try JRegex(pattern: "^(a|b)*?$", flags: "").captureOffsets(in: long) == [0, 100_000, 99_999, 100_000])
        #expect(try JRegex(pattern: "^(?:ab)+$", flags: "").captureOffsets(in: long) == [0, 100_000])
    }
}
