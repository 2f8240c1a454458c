import Foundation
import JSON
import Testing
@testable import JSONata

/// `$formatNumber`, `$formatInteger` and `$fromMillis`: values the reference suite does not pin
/// down, and the byte-level fast paths compared with the general paths they stand in for
/// (`NumberFormatting.formatNumber(..., fast: false)`, `formatInteger(_:_:IntegerFormat)`,
/// `DateTimeFormatting.formatReference`) over many values and pictures.
@Suite struct PictureFormattingTests {
    func eval(_ text: String, _ input: JSONValue? = nil) throws -> JSONValue? {
        try JSONataExpression(text).evaluate(input)
    }

    /// A result or the error's code, so that two paths compare on both.
    func outcome(_ body: () throws(JSONataError) -> String) -> String {
        do { return try body() } catch { return "error \(error.code)" }
    }

    /// A reproducible generator (SplitMix64), so that a failure names the same values every run.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 { StepFunctionsFunctions.splitMix64(&state) }
    }

    /// Values around rounding boundaries and across magnitudes, and random decimals.
    static func sampleNumbers(negative: Bool) -> [Double] {
        var values: [Double] = [0, 1, 0.5, 1.5, 2.5, 3.5, 0.125, 0.135, 0.045, 1.005, 1.015, 2.675, 0.994, 0.995, 0.9999, 9.995, 99.995,
                                999999.995, 1234567.891, 1234.5678, 0.001, 0.0005, 0.00015, 1e-7, 1.5e-9, 123456789012.345, 12345678901234.5,
                                999999999999999, 1e14, 1e15, 1e16, 9.007199254740993e15, 1e21, 1.7976931348623157e308, 3.14159265358979,
                                0.1 + 0.2, 1 / 3, 2 / 3, 100, 1000, 1_000_000, .leastNonzeroMagnitude]
        var rng = SplitMix(state: 42)
        for _ in 0..<400 {
            let digits = Int.random(in: 1...15, using: &rng)
            let mantissa = Double(UInt64.random(in: 0..<DecimalText.integerPowersOfTen[digits], using: &rng))
            let scale = Int.random(in: 0...12, using: &rng)
            values.append(mantissa / DecimalText.powersOfTen[scale])
        }
        for _ in 0..<200 { values.append(Double.random(in: 0..<1e6, using: &rng)) }
        for _ in 0..<50 { values.append(Double(bitPattern: UInt64.random(in: 0x3E00_0000_0000_0000...0x4400_0000_0000_0000, using: &rng))) }
        return negative ? values + values.map { -$0 } : values
    }

    static let plainPictures = ["#,##0.00", "0.00", "#0", "0", "#", "#,##0", "#,###.##", "#,##0.00;(#,##0.00)", "0%", "#0.0%", "0\u{2030}",
                                "#,##,##0.00", "#,###,##0.###", "0,000.000,0", "00000.00000", "#.###", ".00", "#.0", "0.0000000000000000000000000",
                                "$#,##0.00 USD", "pre 0.0 post", "#,##0.00;-#", "00,00,000", "#,##0.0##", "0.0;0.0-"]
    static let exponentPictures = ["0.00e0", "00.0e00", "0.000e0", "#.##e0", "0e0", "##0.0e0"]

    @Test func formatNumberFastPathMatchesGeneralPath() throws {
        for picture in Self.plainPictures {
            for value in Self.sampleNumbers(negative: true) {
                let fast = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, picture, nil) }
                let general = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, picture, nil, fast: false) }
                #expect(fast == general, "\(value) '\(picture)'")
            }
        }
        // exponents: non-negative values only (a negative one never reaches the mantissa range, in either path)
        for picture in Self.exponentPictures {
            for value in Self.sampleNumbers(negative: false) where value.isFinite && value < 1e300 {
                let fast = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, picture, nil) }
                let general = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, picture, nil, fast: false) }
                #expect(fast == general, "\(value) '\(picture)'")
            }
        }
    }

    @Test func formatNumberWithOptionsMatchesGeneralPath() throws {
        func options(_ pairs: [(String, String)]) -> JObject {
            let o = JObject(reserve: pairs.count)
            for (k, v) in pairs { o[k] = .string(v) }
            return o
        }
        let cases: [(String, JObject)] = [
            ("#.##0,00", options([("decimal-separator", ","), ("grouping-separator", ".")])),
            ("# ##0,00", options([("decimal-separator", ","), ("grouping-separator", " ")])),
            ("#,##0.00e0", options([("exponent-separator", "E"), ("minus-sign", "\u{2212}")])),
            ("0.00e0", options([("minus-sign", "~")])),
            ("#0.0p", options([("per-mille", "p")])),
            ("#0.0x", options([("percent", "x")])),
            ("\u{FF10}.\u{FF10}\u{FF10}", options([("zero-digit", "\u{FF10}")])),
            ("#'##0.00", options([("grouping-separator", "'")])),
        ]
        // one picture, several options objects in turn: each analysis is cached under its own symbols
        let alternating = [options([("minus-sign", "~")]), options([]), options([("minus-sign", "\u{2212}"), ("percent", "p")]),
                           options([("grouping-separator", "'")]), options([("decimal-separator", "d"), ("grouping-separator", "'")])]
        for value in Self.sampleNumbers(negative: true).prefix(300) {
            for opts in alternating {
                let fast = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, "#,##0.00;-#,##0.00", opts) }
                let general = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, "#,##0.00;-#,##0.00", opts, fast: false) }
                #expect(fast == general, "\(value)")
            }
        }
        #expect(try eval("$formatNumber(-1234.5, '#,##0.00', {'minus-sign': '~'})") == "~1,234.50")
        #expect(try eval("$formatNumber(-1234.5, '#,##0.00', {'minus-sign': '_'})") == "_1,234.50")
        for (picture, opts) in cases {
            for value in Self.sampleNumbers(negative: !picture.contains("e")) where value.isFinite && value < 1e300 {
                let fast = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, picture, opts) }
                let general = outcome { () throws(JSONataError) in try NumberFormatting.formatNumber(value, picture, opts, fast: false) }
                #expect(fast == general, "\(value) '\(picture)'")
            }
        }
    }

    @Test func formatNumberValues() throws {
        let cases: [(String, String)] = [
            ("$formatNumber(1234567.891, '#,##0.00')", "1,234,567.89"),
            // half to even on the decimal text
            ("$formatNumber(0.125, '0.00')", "0.12"),
            ("$formatNumber(0.135, '0.00')", "0.14"),
            ("$formatNumber(1.005, '0.00')", "1.00"),
            ("$formatNumber(2.5, '0')", "2"),
            ("$formatNumber(3.5, '0')", "4"),
            ("$formatNumber(-2.5, '0')", "-2"),
            ("$formatNumber(999999.995, '#,##0.00')", "1,000,000.00"),
            // magnitudes
            ("$formatNumber(1e-7, '0.0000000')", "0.0000001"),
            ("$formatNumber(0.000001234, '0.00e0')", "1.23e-6"),
            ("$formatNumber(1e15, '#,##0')", "1,000,000,000,000,000"),
            ("$formatNumber(1e21, '#,##0')", "1,000,000,000,000,000,000,000"),
            ("$formatNumber(1234.5678, '0.00e0')", "1.23e3"),
            ("$formatNumber(1234.5678, '00.0e00')", "12.3e02"),
            // negatives and negative sub-pictures
            ("$formatNumber(-1234.5, '#,##0;(#,##0)')", "(1,234)"),
            ("$formatNumber(-1234.56, '#,##0.0')", "-1,234.6"),
            ("$formatNumber(-0.001, '0.00')", "-0.00"),
            // percent, per-mille
            ("$formatNumber(0.256, '0%')", "26%"),
            ("$formatNumber(0.0256, '0\u{2030}')", "26\u{2030}"),
            // grouping: regular, irregular, fractional
            ("$formatNumber(1234567.5, '#,###,##0.0')", "1,234,567.5"),
            ("$formatNumber(123456789, '#,##,##0')", "1234,56,789"),
            ("$formatNumber(1234.56789, '0,000.000,0')", "1,234.567,9"),
            ("$formatNumber(12, '#,##0.00 USD')", "12.00 USD"),
            // a cached picture, then the same picture with options
            ("$formatNumber(1234.5, '#,##0.00')", "1,234.50"),
            ("$formatNumber(-1234.5, '#,##0.00', {'minus-sign': '~'})", "~1,234.50"),
            ("$formatNumber(1234.5, '#.##0,00', {'decimal-separator': ',', 'grouping-separator': '.'})", "1.234,50"),
            ("$formatNumber(1234.5, '#,##0.00')", "1,234.50"),
        ]
        for (expression, expected) in cases {
            #expect(try eval(expression) == .string(expected), "\(expression)")
        }
    }

    @Test func formatNumberErrorsAreUnchanged() {
        for (picture, code) in [("#,##0.00;#;#", "D3080"), ("0.0.0", "D3081"), ("0%%", "D3082"), ("0,.0", "D3087"), ("#0,", "D3088"), ("0,,0", "D3089"),
                                ("0#", "D3090"), ("0.#0", "D3091"), ("0e0%", "D3092"), ("0e#", "D3093")] {
            #expect(throws: JSONataError.self) { try NumberFormatting.formatNumber(1, picture, nil) }
            do {
                _ = try NumberFormatting.formatNumber(1, picture, nil)
            } catch {
                #expect(error.code == code, "'\(picture)'")
            }
        }
    }

    @Test func formatIntegerFastPathMatchesGeneralPath() throws {
        let pictures = ["0", "000", "#,##0", "#,###,##0", "0;o", "#,##0;o", "000-00-0000", "0,0", "00 00", "#,##,##0", "0000;o", "9", "#0,000"]
        var values: [Double] = [0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112, 1234, 12345678, 999_999_999_999_999, 8.9e15, 9e15, 9.5e15, 1e21, 12.7, -12.7]
        var rng = SplitMix(state: 7)
        for _ in 0..<300 { values.append(Double(Int64.random(in: -10_000_000_000...10_000_000_000, using: &rng))) }
        for picture in pictures {
            let format = try NumberFormatting.analyseIntegerPicture(picture)
            for value in values {
                let fast = try NumberFormatting.formatInteger(value, picture)
                let general = try NumberFormatting.formatInteger(value.rounded(.down), format)
                #expect(fast == general, "\(value) '\(picture)'")
            }
        }
        #expect(try eval("$formatInteger(1234567, '#,##0')") == "1,234,567")
        #expect(try eval("$formatInteger(123456789, '000-00-0000')") == "123-45-6789")
        #expect(try eval("$formatInteger(-42, '0000')") == "-0042")
        #expect(try eval("$formatInteger(112, '0;o')") == "112th")
        #expect(try eval("$formatInteger(22, '0;o')") == "22nd")
    }

    @Test func fromMillisPlanMatchesGeneralPath() throws {
        let pictures = [DateTimeFormatting.isoPicture, "[Y0001]-[M01]-[D01] [H01]:[m01]", "[Y]-[M]-[D]", "[Y,2]", "[Y01]", "[Y,*-2]", "[Y,3-3]",
                        "[h]:[m01] [P]", "[h01]:[m01]:[s01] [PN]", "[D1o] [MNn] [Y]", "[H01]:[m01]:[s01].[f001]", "[Y0,000]", "[Y#,##0]", "[Y0'000]", "[D0-0]", "[M01][D01]", "[d]",
                        "[F]", "[FNn]", "[W]", "[w]", "[X]-[W01]", "[Z]", "[z]", "[Z0]", "[Z0000]", "[Z01:01t]", "[z0101t]", "[Z010101]", "[ZN]", "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01][Z01:01]", "[Y9999]", "[YI]",
                        "[Mi]", "[Dw]", "[H#0]", "[f1]", "[f01]", "Day [D] of [[month]] [M]", "[Y0001]-[M01]-[D01]]] [H01]"]
        var millis: [Double] = [0, -1, 1, 1510067557121, 951782400000, 946684799999, 4102444800000, -62198755200000, -62198755200001,
                                -80000000000000, 253402300799999, 86_399_999, 1_000_000_000_000]
        var rng = SplitMix(state: 1)
        for _ in 0..<300 { millis.append(Double(Int64.random(in: -70_000_000_000_000...70_000_000_000_000, using: &rng))) }
        for timezone in [nil, "+0530", "-0800", "0000", "+1400", "-0030"] as [String?] {
            for picture in pictures {
                for ms in millis {
                    let plan = outcome { () throws(JSONataError) in try DateTimeFormatting.format(ms, picture: picture, timezone: timezone) }
                    let general = outcome { () throws(JSONataError) in try DateTimeFormatting.formatReference(ms, picture: picture, timezone: timezone) }
                    #expect(plan == general, "\(ms) '\(picture)' \(timezone ?? "-")")
                }
            }
        }
    }

    @Test func fromMillisValues() throws {
        let cases: [(String, String)] = [
            ("$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]')", "2017-11-07 15:12"),
            ("$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]', '+0530')", "2017-11-07 20:42"),
            ("$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]', '-0800')", "2017-11-07 07:12"),
            ("$fromMillis(1510067557121, '[H01]:[m01] [Z]', '+0530')", "20:42 +05:30"),
            ("$fromMillis(1510067557121, '[H01]:[m01] [Z0101t]', '0000')", "15:12 Z"),
            ("$fromMillis(1510067557121)", "2017-11-07T15:12:37.121Z"),
            ("$fromMillis(1510067557121, '[h]:[m01] [P] [Y,2]')", "3:12 pm 17"),
            ("$fromMillis(-1, '[Y0001]-[M01]-[D01] [H01]:[m01]:[s01].[f001]')", "1969-12-31 23:59:59.999"),
            ("$fromMillis(1510067557121, \"[Y0'000]\")", "2'017"),
        ]
        for (expression, expected) in cases {
            #expect(try eval(expression) == .string(expected), "\(expression)")
        }
    }

    /// The picture caches are shared by every thread: the same expressions, with pictures that
    /// replace each other in the caches, evaluated from many tasks at once.
    @Test func concurrentFormatting() async throws {
        let cases: [(JSONataExpression, JSONValue)] = try [
            (JSONataExpression("$formatNumber(1234567.891, '#,##0.00')"), "1,234,567.89"),
            (JSONataExpression("$formatNumber(-1234.5, '#,##0;(#,##0)')"), "(1,234)"),
            (JSONataExpression("$formatNumber(0.256, '0%')"), "26%"),
            (JSONataExpression("$formatInteger(1234567, '#,##0')"), "1,234,567"),
            (JSONataExpression("$formatInteger(112, '0;o')"), "112th"),
            (JSONataExpression("$fromMillis(1510067557121, '[Y0001]-[M01]-[D01] [H01]:[m01]')"), "2017-11-07 15:12"),
            (JSONataExpression("$fromMillis(1510067557121, '[D1o] [MNn] [Y]')"), "7th November 2017"),
            (JSONataExpression("$fromMillis(1510067557121, '[H01]:[m01]', '+0530')"), "20:42"),
        ]
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<400 {
                        let (expr, expected) = cases[(i + t) % cases.count]
                        if try expr.evaluate(nil) != expected { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }

    /// `$toMillis` with a picture: the hand-written matcher against the regex jsonata-js builds,
    /// capture for capture, over timestamps formatted by the same pictures and altered ones.
    @Test func toMillisMatcherMatchesRegex() throws {
        let pictures = ["[Y0001]-[M01]-[D01]", "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]", "[Y]-[M]-[D]", "[Y][M01][D01]", "[Y0001][M01][D01]",
                        "[D1o] [MNn] [Y]", "[FNn], [D1o] [MNn] [Y]", "[h]:[m01] [P]", "[H]:[m][Z]", "[H01]:[m01] [z]", "[Y0001]-[d001]", "[MI] [Y]", "[Da] [M] [Y]",
                        "[Dw] [M] [Y]", "[Y,2]-[M]-[D]", "[Y]-[M,2]-[D#1]", "[H01][m01][Z0000]", "[D01]/[M01]/[Y0001] [h#1]:[m01][P]", "[Y0001]-[M01]-[D01] [H01]:[m01]:[s01] GMT[Z]"]
        var rng = SplitMix(state: 3)
        var matched = 0, byMatcher = 0
        for picture in pictures {
            let plan = try DateTimeFormatting.ParsePlan(picture)
            if plan.elements != nil { byMatcher += 1 }
            var stamps = ["", "2017", "2017-11-07", "12:00 PM", "+05:30", "GMT+0530", "17 November 2017", "1st January 2000", "MMXVII 2017", "3rd", "12:0"]
            for _ in 0..<60 {
                let ms = Double(Int64.random(in: -5_000_000_000_000...5_000_000_000_000, using: &rng))
                let tz = ["+0530", "-0800", "0000", nil].randomElement(using: &rng)!
                guard let text = try? DateTimeFormatting.format(ms, picture: picture, timezone: tz) else { continue }
                stamps += [text, text.uppercased(), text.lowercased(), text + "x", String(text.dropLast()), " " + text, text.replacingOccurrences(of: "0", with: "00")]
            }
            for stamp in stamps {
                let fast = plan.match(stamp)
                let regex = plan.match(stamp, regexOnly: true)
                #expect(fast == regex, "'\(stamp)' '\(picture)'")
                if fast != nil { matched += 1 }
            }
        }
        #expect(byMatcher == pictures.count - 1) // all but the words one
        #expect(matched > 1000)
        #expect(try eval("$toMillis('2017-11-07 15:12', '[Y0001]-[M01]-[D01] [H01]:[m01]')") == 1510067520000)
        #expect(try eval("$toMillis('2017-11-07T20:42:37.121+05:30', '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]')") == 1510067557121)
        #expect(try eval("$toMillis('7TH NOVEMBER 2017', '[D1o] [MNn] [Y]')") == 1510012800000)
        #expect(try eval("$toMillis('2017-11-7', '[Y0001]-[M01]-[D01]')") == nil)
    }

    @Test func parseIntegerFastPathMatchesGeneralPath() throws {
        let pictures = ["0", "#,##0", "000-00-0000", "0;o", "#,##0;o", "0 000", "#0"]
        var texts = ["", "0", "7", "007", "1,234,567", "1,234,567th", "123-45-6789", "12 345", "-5", "+5", "12a", "a12", "1st", "22nd", "3rd", "11th",
                     "1,2,3", "123456789012345", "1234567890123456", "99999999999999999999", ",,1", "1.5", "  1"]
        var rng = SplitMix(state: 9)
        for _ in 0..<200 { texts.append(String(Int64.random(in: 0...999_999_999_999, using: &rng))) }
        for picture in pictures {
            let format = try NumberFormatting.analyseIntegerPicture(picture)
            guard let fast = NumberFormatting.FastDecimalParse(format) else { Issue.record("no fast parse for '\(picture)'"); continue }
            for text in texts {
                if let n = fast.parse(text) { #expect(n == NumberFormatting.parseDecimal(text, format), "'\(text)' '\(picture)'") }
                #expect(try NumberFormatting.parseInteger(text, picture) == NumberFormatting.parseDecimal(text, format), "'\(text)' '\(picture)'")
            }
        }
        #expect(try eval("$parseInteger('1,234,567', '#,##0')") == 1234567)
        #expect(try eval("$parseInteger('12th', '0;o')") == 12)
    }

    /// `$toMillis` without a picture: the hand-written ISO matcher against the two regexes.
    @Test func toMillisISOMatchesRegex() throws {
        var texts = ["", "2017", "201", "20170", "2017-11", "2017-11-07", "2017-1-07", "2017-11-7", "2017-13-01", "2017-11-32", "2017-11-07T15:12",
                     "2017-11-07T15:12:37", "2017-11-07T15:12:37.121Z", "2017-11-07T15:12:37.121", "2017-11-07T15:12:37.Z", "2017-11-07T15:12:37.1234567",
                     "2017-11-07T15:12:37+05:30", "2017-11-07T15:12:37-0800", "2017-11-07T15:12:37+5:30", "2017-11-07T25:12:37Z", "2017-11-07T15:62:37Z",
                     "2017-11-0500", "2017-11-05:00", "2017-11-11-11", "2017-11-07-11-11", "2017Z", "2017+01:00", "2017-11-07T15:12:37.121z",
                     "2017-11-07t15:12:37", "2017-11-07T15:12:37:37", "2017-11-07T15:12:37T15:12:37", "2017-00-00", "2017-11-07T24:00:00",
                     "2017-11-07T15:12:37.121+05:30", "2017-11-07T15:12:37.121+0530", "2017-11-07T15:12+05:30", "-2017-11-07", "2017-11-07 ", " 2017"]
        var rng = SplitMix(state: 11)
        for _ in 0..<300 {
            let ms = Double(Int64.random(in: -60_000_000_000_000...60_000_000_000_000, using: &rng))
            let iso = DateTimeFormatting.iso(ms)
            texts += [iso, String(iso.dropLast()), String(iso.dropLast(5)), String(iso.prefix(10)), String(iso.prefix(16)), iso.replacingOccurrences(of: "Z", with: "+01:30"),
                      iso.replacingOccurrences(of: "Z", with: "-0245"), iso.replacingOccurrences(of: "-", with: "")]
        }
        func same(_ a: Double?, _ b: Double?) -> Bool { a == b || (a?.isNaN == true && b?.isNaN == true) }
        var numbers = 0
        for text in texts {
            let fast = DateTimeFormatting.parseISO(text)
            let regex = DateTimeFormatting.parseISOWithRegex(text)
            #expect(same(fast, regex), "'\(text)' \(String(describing: fast)) \(String(describing: regex))")
            if let fast, !fast.isNaN { numbers += 1 }
        }
        #expect(numbers > 500)
        #expect(try eval("$toMillis('2017-11-07T15:12:37.121Z')") == 1510067557121)
        #expect(try eval("$toMillis('2017-11-07T20:42:37.121+05:30')") == 1510067557121)
        #expect(try eval("$toMillis('2017-11-07')") == 1510012800000)
    }
}
