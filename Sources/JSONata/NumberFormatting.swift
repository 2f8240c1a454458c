import Foundation

/// `$formatNumber`, `$formatInteger` and `$parseInteger` (XPath/XQuery F&O 3.1 pictures), as jsonata-js does them.
enum NumberFormatting {
    // MARK: - integer pictures

    enum Primary { case decimal, letters, roman, words, sequence }
    enum Case { case upper, lower, title }

    struct Separator {
        var position: Int
        var character: String
    }

    struct IntegerFormat {
        var primary: Primary = .decimal
        var letterCase: Case = .lower
        var ordinal = false
        var zeroCode: UInt32 = 0x30
        var mandatoryDigits = 0
        var optionalDigits = 0
        var regular = false
        var groupingSeparators: [Separator] = []
        var token = ""
        var n = 0
    }

    static let few = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
                      "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"]
    static let ordinals = ["Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
                           "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    static func numberToWords(_ value: Double, ordinal: Bool) -> String {
        func lookup(_ num: Double, _ prev: Bool, _ ord: Bool) -> String {
            var words = ""
            if num <= 19 {
                words = (prev ? " and " : "") + (ord ? ordinals[Int(num)] : few[Int(num)])
            } else if num < 100 {
                let tens = Int(num / 10)
                let remainder = num.truncatingRemainder(dividingBy: 10)
                words = (prev ? " and " : "") + decades[tens - 2]
                if remainder > 0 {
                    words += "-" + lookup(remainder, false, ord)
                } else if ord {
                    words = String(words.dropLast()) + "ieth"
                }
            } else if num < 1000 {
                let hundreds = Int(num / 100)
                let remainder = num.truncatingRemainder(dividingBy: 100)
                words = (prev ? ", " : "") + few[hundreds] + " Hundred"
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            } else {
                var mag = Int(floor(log10(num) / 3))
                if mag > magnitudes.count { mag = magnitudes.count }
                let factor = pow(10, Double(mag * 3))
                let mant = floor(num / factor)
                let remainder = num - mant * factor
                words = (prev ? ", " : "") + lookup(mant, false, false) + " " + magnitudes[mag - 1]
                if remainder > 0 {
                    words += lookup(remainder, true, ord)
                } else if ord {
                    words += "th"
                }
            }
            return words
        }
        return lookup(value, false, ordinal)
    }

    static let wordValues: [String: Double] = {
        var w: [String: Double] = [:]
        for (i, word) in few.enumerated() { w[word.lowercased()] = Double(i) }
        for (i, word) in ordinals.enumerated() { w[word.lowercased()] = Double(i) }
        for (i, word) in decades.enumerated() {
            let l = word.lowercased()
            w[l] = Double((i + 2) * 10)
            w[String(l.dropLast()) + "ieth"] = w[l]
        }
        w["hundredth"] = 100
        for (i, word) in magnitudes.enumerated() {
            let l = word.lowercased()
            let v = pow(10, Double((i + 1) * 3))
            w[l] = v
            w[l + "th"] = v
        }
        return w
    }()

    static func wordsToNumber(_ text: String) -> Double {
        let parts = text.replacingOccurrences(of: #",\s|\sand\s|[\s\-]"#, with: "|", options: .regularExpression).components(separatedBy: "|")
        var segs: [Double] = [0]
        for part in parts {
            guard let value = wordValues[part] else { continue }
            if value < 100 {
                var top = segs.removeLast()
                if top >= 1000 { segs.append(top); top = 0 }
                segs.append(top + value)
            } else {
                segs.append(segs.removeLast() * value)
            }
        }
        return segs.reduce(0, +)
    }

    static let romanNumerals: [(Double, String)] = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                                                    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    static func decimalToRoman(_ value: Double) throws(JSONataError) -> String {
        // jsonata-js recurses once per numeral: past about ten thousand of them JavaScript's stack
        // overflows (a RangeError); the loop here would run as long as the value is large
        if value >= 10_000_000 { throw JSONataError(public: "RangeError", message: "Maximum call stack size exceeded") }
        var v = value
        var out = ""
        while true {
            guard let n = romanNumerals.first(where: { v >= $0.0 }) else { break }
            out += n.1
            v -= n.0
        }
        return out
    }

    static func romanToDecimal(_ roman: String) -> Double {
        let values: [Character: Double] = ["M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1]
        var decimal: Double = 0
        var maxValue: Double = 1
        for c in roman.reversed() {
            let value = values[c] ?? 0
            if value < maxValue { decimal -= value } else { maxValue = value; decimal += value }
        }
        return decimal
    }

    static func decimalToLetters(_ value: Double, _ a: Character) -> String {
        // on doubles, as jsonata-js computes it (any magnitude: one letter per factor of 26)
        var letters: [Character] = []
        var v = value
        let aCode = Double(a.asciiValue!)
        while v > 0 {
            let code = Int((v - 1).truncatingRemainder(dividingBy: 26) + aCode) & 0xFFFF
            letters.append(Character(Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}"))
            v = ((v - 1) / 26).rounded(.down)
        }
        return String(letters.reversed())
    }

    static func lettersToDecimal(_ letters: String, _ a: Character) -> Double {
        let aCode = Int(a.asciiValue!)
        var decimal: Double = 0
        let scalars = Array(letters.unicodeScalars)
        for i in 0..<scalars.count {
            decimal += Double(Int(scalars[scalars.count - i - 1].value) - aCode + 1) * pow(26, Double(i))
        }
        return decimal
    }

    static let integerCache = PictureCache<(format: IntegerFormat, layout: DecimalLayout?)>()

    static func formatInteger(_ x: Double, _ picture: String) throws(JSONataError) -> String {
        let entry: (format: IntegerFormat, layout: DecimalLayout?)
        if let e = integerCache[picture] {
            entry = e
        } else {
            let format = try analyseIntegerPicture(picture)
            entry = (format, DecimalLayout(format))
            integerCache[picture] = entry
        }
        let floored = x.rounded(.down)
        if let layout = entry.layout {
            var out: [UInt8] = []
            if layout.append(floored, to: &out) { return String(decoding: out, as: UTF8.self) }
        }
        return try formatInteger(floored, entry.format)
    }

    /// A decimal integer picture (ASCII digits from `0`, grouping separators of one ASCII byte)
    /// reduced to what laying a number out on UTF-8 bytes needs: the same steps as the `.decimal`
    /// case of ``formatInteger(_:_:)-(Double,IntegerFormat)`` (pad, group, ordinal suffix, sign),
    /// with no String or Character work. nil for any other picture.
    struct DecimalLayout: Sendable {
        var mandatoryDigits: Int
        var ordinal: Bool
        /// Regular grouping: the group size (0 when irregular or none) and its separator.
        var regularSize: Int
        var regularSeparator: UInt8
        /// Irregular grouping: (digits to the right, separator), in insertion order.
        var separators: [(position: Int, byte: UInt8)]

        init?(_ f: IntegerFormat) {
            guard f.primary == .decimal, f.zeroCode == 0x30 else { return nil }
            var bytes: [(Int, UInt8)] = []
            for sep in f.groupingSeparators {
                guard sep.character.utf8.count == 1, let b = sep.character.utf8.first, b < 0x80 else { return nil }
                bytes.append((sep.position, b))
            }
            mandatoryDigits = f.mandatoryDigits
            ordinal = f.ordinal
            if f.regular, let first = bytes.first {
                regularSize = first.0
                regularSeparator = first.1
                separators = []
            } else {
                regularSize = 0
                regularSeparator = 0
                separators = bytes.reversed()
            }
        }

        /// Appends integer-valued `x` laid out by this picture; false (nothing appended) when `x` is
        /// not an integer below 9e15 in magnitude, whose digits the general path prints otherwise.
        func append(_ x: Double, to out: inout [UInt8]) -> Bool {
            let magnitude = abs(x)
            guard magnitude < 9e15, magnitude.rounded(.down) == magnitude else { return false }
            append(negative: x < 0, UInt64(magnitude), to: &out)
            return true
        }

        func append(negative: Bool, _ magnitude: UInt64, to out: inout [UInt8]) {
            // the usual date fields ([M01], [D], [H01], [m01]...): one or two plain digits
            if magnitude < 100 && mandatoryDigits <= 2 && !negative && !ordinal && regularSize == 0 && separators.isEmpty {
                if magnitude >= 10 || mandatoryDigits == 2 { out.append(UInt8(truncatingIfNeeded: magnitude / 10) &+ 48) }
                out.append(UInt8(truncatingIfNeeded: magnitude % 10) &+ 48)
                return
            }
            if negative { out.append(UInt8(ascii: "-")) }
            let base = out.count
            DecimalText.appendDigits(magnitude, width: mandatoryDigits, to: &out)
            if regularSize > 0 {
                let count = out.count - base
                var ii = (count - 1) / regularSize
                while ii > 0 {
                    out.insert(regularSeparator, at: out.count - ii * regularSize)
                    ii -= 1
                }
            } else {
                for sep in separators {
                    let pos = out.count - base - sep.position
                    if pos >= 0 { out.insert(sep.byte, at: base + pos) }
                }
            }
            if ordinal {
                let count = out.count - base
                var suffix: (UInt8, UInt8)
                switch out[out.count - 1] {
                case UInt8(ascii: "1"): suffix = (UInt8(ascii: "s"), UInt8(ascii: "t"))
                case UInt8(ascii: "2"): suffix = (UInt8(ascii: "n"), UInt8(ascii: "d"))
                case UInt8(ascii: "3"): suffix = (UInt8(ascii: "r"), UInt8(ascii: "d"))
                default: suffix = (UInt8(ascii: "t"), UInt8(ascii: "h"))
                }
                if count > 1 && out[out.count - 2] == UInt8(ascii: "1") { suffix = (UInt8(ascii: "t"), UInt8(ascii: "h")) }
                out.append(suffix.0)
                out.append(suffix.1)
            }
        }
    }

    static func formatInteger(_ x: Double, _ format: IntegerFormat) throws(JSONataError) -> String {
        var result: String
        let negative = x < 0
        let value = abs(x)
        switch format.primary {
        case .letters:
            result = decimalToLetters(value, format.letterCase == .upper ? "A" : "a")
        case .roman:
            result = try decimalToRoman(value)
            if format.letterCase == .upper { result = result.uppercased() }
        case .words:
            result = numberToWords(value, ordinal: format.ordinal)
            if format.letterCase == .upper { result = result.uppercased() } else if format.letterCase == .lower { result = result.lowercased() }
        case .decimal:
            result = Functions.formatJS(value)
            let padLength = format.mandatoryDigits - result.count
            if padLength > 0 { result = String(repeating: "0", count: padLength) + result }
            if format.zeroCode != 0x30 {
                result = String(String.UnicodeScalarView(result.unicodeScalars.map { Unicode.Scalar($0.value + format.zeroCode - 0x30) ?? $0 }))
            }
            var chars = Array(result)
            if format.regular, let first = format.groupingSeparators.first {
                let n = (chars.count - 1) / first.position
                var ii = n
                while ii > 0 {
                    let pos = chars.count - ii * first.position
                    chars.insert(contentsOf: Array(first.character), at: pos)
                    ii -= 1
                }
            } else {
                for sep in format.groupingSeparators.reversed() {
                    let pos = chars.count - sep.position
                    if pos >= 0 && pos <= chars.count { chars.insert(contentsOf: Array(sep.character), at: pos) }
                }
            }
            result = String(chars)
            if format.ordinal {
                let last = chars.last
                var suffix: String
                switch last { case "1": suffix = "st"; case "2": suffix = "nd"; case "3": suffix = "rd"; default: suffix = "th" }
                if chars.count > 1 && chars[chars.count - 2] == "1" { suffix = "th" }
                result += suffix
            }
        case .sequence:
            throw JSONataError("D3130", value: .string(format.token))
        }
        if negative { result = "-" + result }
        return result
    }

    static let decimalGroups: [UInt32] = [0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
                                          0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
                                          0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10]

    static func analyseIntegerPicture(_ picture: String) throws(JSONataError) -> IntegerFormat {
        var format = IntegerFormat()
        var primaryFormat = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primaryFormat = String(picture[..<semicolon])
            let modifier = picture[picture.index(after: semicolon)...]
            if modifier.first == "o" { format.ordinal = true }
        }
        switch primaryFormat {
        case "A": format.letterCase = .upper; format.primary = .letters
        case "a": format.primary = .letters
        case "I": format.letterCase = .upper; format.primary = .roman
        case "i": format.primary = .roman
        case "W": format.letterCase = .upper; format.primary = .words
        case "Ww": format.letterCase = .title; format.primary = .words
        case "w": format.primary = .words
        default:
            var zeroCode: UInt32? = nil
            var mandatory = 0, optional = 0
            var separators: [Separator] = []
            var separatorPosition = 0
            for cp in primaryFormat.unicodeScalars.reversed() {
                var digit = false
                for group in decimalGroups where cp.value >= group && cp.value <= group + 9 {
                    digit = true
                    mandatory += 1
                    separatorPosition += 1
                    if zeroCode == nil { zeroCode = group } else if group != zeroCode { throw JSONataError("D3131") }
                    break
                }
                if !digit {
                    if cp == "#" {
                        separatorPosition += 1
                        optional += 1
                    } else {
                        separators.append(Separator(position: separatorPosition, character: String(cp)))
                    }
                }
            }
            if mandatory > 0 {
                format.primary = .decimal
                format.zeroCode = zeroCode!
                format.mandatoryDigits = mandatory
                format.optionalDigits = optional
                let regular = regularRepeat(separators)
                if regular > 0 {
                    format.regular = true
                    format.groupingSeparators = [Separator(position: regular, character: separators[0].character)]
                } else {
                    format.regular = false
                    format.groupingSeparators = separators
                }
            } else {
                format.primary = .sequence
                format.token = primaryFormat
            }
        }
        return format
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    static func regularRepeat(_ separators: [Separator]) -> Int {
        guard let first = separators.first else { return 0 }
        for s in separators.dropFirst() where s.character != first.character { return 0 }
        let indexes = separators.map(\.position)
        let factor = indexes.dropFirst().reduce(indexes[0], gcd)
        if factor == 0 { return 0 }
        for index in 1...indexes.count where !indexes.contains(index * factor) { return 0 }
        return factor
    }

    /// A matcher (regex and parser) of an integer picture, for `$parseInteger` and `$toMillis`.
    struct Matcher {
        var regex: String
        var parse: (String) -> Double?
    }

    static func matcher(_ format: IntegerFormat) throws(JSONataError) -> Matcher {
        let isUpper = format.letterCase == .upper
        let occurrences: String
        if format.n > 0 {
            occurrences = format.optionalDigits == 0 ? "{\(format.n)}" : "{\(format.n - format.optionalDigits),\(format.n)}"
        } else {
            occurrences = "+"
        }
        switch format.primary {
        case .letters:
            return Matcher(regex: isUpper ? "[A-Z]+" : "[a-z]+") { lettersToDecimal($0, isUpper ? "A" : "a") }
        case .roman:
            return Matcher(regex: isUpper ? "[MDCLXVI]+" : "[mdclxvi]+") { romanToDecimal(isUpper ? $0 : $0.uppercased()) }
        case .words:
            let words = wordValues.keys.sorted { $0.count > $1.count } + ["and", "[\\-, ]"]
            return Matcher(regex: "(?:" + words.joined(separator: "|") + ")+") { wordsToNumber($0.lowercased()) }
        case .decimal:
            var regex = "[0-9]\(occurrences)"
            if format.ordinal { regex += "(?:th|st|nd|rd)" }
            let fast = format.zeroCode == 0x30 ? FastDecimalParse(format) : nil
            return Matcher(regex: regex) { value in
                if let fast, let n = fast.parse(value) { return n }
                return parseDecimal(value, format)
            }
        case .sequence:
            throw JSONataError("D3130", value: .string(format.token))
        }
    }

    /// The `.decimal` matcher's parse, in general: drop an ordinal suffix, remove the grouping
    /// separators, map the digit family to ASCII, and read the leading digits (`parseInt`).
    static func parseDecimal(_ value: String, _ format: IntegerFormat) -> Double? {
        var digits = value
        if format.ordinal { digits = String(digits.dropLast(2)) }
        if format.regular {
            digits = digits.replacingOccurrences(of: ",", with: "")
        } else {
            for sep in format.groupingSeparators { digits = digits.replacingOccurrences(of: sep.character, with: "") }
        }
        if format.zeroCode != 0x30 {
            // as jsonata-js's String.fromCharCode(c - zeroCode + 48): the code wraps to 16 bits, so a
            // character outside the digit family never becomes an ASCII digit
            digits = String(String.UnicodeScalarView(digits.unicodeScalars.map { scalar in
                let code = (Int(scalar.value) - Int(format.zeroCode) + 0x30) & 0xFFFF
                return Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}"
            }))
        }
        // parseInt: leading digits
        let lead = digits.prefix { $0.isASCII && $0.isNumber }
        return Double(String(lead))
    }

    static let matcherCache = PictureCache<Matcher>()

    static func parseInteger(_ s: String, _ picture: String) throws(JSONataError) -> Double? {
        if let cached = matcherCache[picture] { return cached.parse(s) }
        let m = try matcher(analyseIntegerPicture(picture))
        matcherCache[picture] = m
        return m.parse(s)
    }

    /// The `.decimal` matcher's parse (drop an ordinal suffix, remove grouping separators, read
    /// the leading digits as `parseInt` does) on an all-ASCII text, for pictures whose digits
    /// are ASCII and whose separators are single ASCII bytes. `parse` answers `.some(nil)`
    /// as nil too, so it is used only where it gives a number; the general closure decides
    /// everything else.
    struct FastDecimalParse {
        var ordinal: Bool
        /// Bytes removed before reading digits.
        var removed: [UInt8]

        init?(_ format: IntegerFormat) {
            ordinal = format.ordinal
            if format.regular {
                removed = [UInt8(ascii: ",")]
            } else {
                removed = []
                for sep in format.groupingSeparators {
                    guard sep.character.utf8.count == 1, let b = sep.character.utf8.first, b < 0x80 else { return nil }
                    removed.append(b)
                }
            }
        }

        func parse(_ value: String) -> Double? {
            let utf8 = value.utf8
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            var end = utf8.count
            if ordinal { end = max(0, end - 2) }
            var digits: UInt64 = 0
            var count = 0
            for b in utf8.prefix(end) {
                if removed.contains(b) { continue }
                guard b >= 0x30 && b <= 0x39 else { break }
                guard count < 15 else { return nil } // longer: the general path parses the text
                digits = digits * 10 + UInt64(b - 0x30)
                count += 1
            }
            return count == 0 ? nil : Double(digits)
        }
    }

    // MARK: - $formatNumber

    /// An analysed sub-picture of `$formatNumber` (F&O 4.7.4).
    struct Pic {
        var integerGrouping: [Int] = []
        var regularGrouping = 0
        var minInt = 0
        var scaling = 0
        var prefix = ""
        var fractionalGrouping: [Int] = []
        var minFrac = 0
        var maxFrac = 0
        var minExp = 0
        var suffix = ""
        var picture = ""
        var fractional = ""
        /// 100 for a percent picture, 1000 for per-mille, else 1.
        var multiplier: Double = 1
        /// `prefix` and `suffix` as UTF-8, for ``renderFast(_:_:minusSign:)``.
        var prefixUTF8: [UInt8] = [], suffixUTF8: [UInt8] = []
    }


    /// A picture's two sub-pictures, analysed once (the negative one derived when the picture
    /// has one only). A class, so that formatting reads them in place rather than copying them.
    final class NumberPicture: Sendable {
        let positive: Pic, negative: Pic
        init(_ variables: [Pic]) { positive = variables[0]; negative = variables[1] }
    }

    static let numberCache = PictureCache<NumberPicture>()

    /// A picture analysed with the symbols of an options object (``optionsCache``).
    final class OptionsPicture: Sendable {
        let analysed: NumberPicture
        let fast: FastSymbols?
        let minusSign: String
        init(_ analysed: NumberPicture, _ fast: FastSymbols?, _ minusSign: String) {
            self.analysed = analysed
            self.fast = fast
            self.minusSign = minusSign
        }
    }

    /// Pictures analysed with options, by ``optionsCacheKey(_:_:)``.
    static let optionsCache = PictureCache<OptionsPicture>()

    /// The picture and every option ``Symbols`` reads, each value length-prefixed (an absent
    /// or non-string option, which Symbols ignores, as nothing), so that two keys are equal
    /// only when the analyses are.
    static func optionsCacheKey(_ picture: String, _ options: JObject) -> String {
        var key = picture
        for name in symbolOptionNames {
            key += "\u{1}"
            if let v = options[name]?.stringValue { key += String(v.utf8.count) + ":" + v }
        }
        return key
    }

    static let symbolOptionNames = ["decimal-separator", "grouping-separator", "exponent-separator", "digit", "pattern-separator", "percent",
                                    "per-mille", "zero-digit", "minus-sign"]

    /// The picture's special characters (F&O decimal format), from `$formatNumber`'s options.
    struct Symbols {
        var decimalSep: Character = ".", groupSep: Character = ",", expSep: Character = "e", digitSign: Character = "#"
        var patternSep: Character = ";", percent: Character = "%", perMille: Character = "\u{2030}", zeroDigit: Character = "0"
        var minusSign = "-"
        var family: [Character] = []
        var active: Set<Character> = []

        static let standard = Symbols(nil)

        init(_ options: JObject?) {
            func ch(_ k: String) -> Character? { options?[k]?.stringValue?.first }
            decimalSep = ch("decimal-separator") ?? decimalSep
            groupSep = ch("grouping-separator") ?? groupSep
            expSep = ch("exponent-separator") ?? expSep
            digitSign = ch("digit") ?? digitSign
            patternSep = ch("pattern-separator") ?? patternSep
            percent = ch("percent") ?? percent
            perMille = ch("per-mille") ?? perMille
            zeroDigit = ch("zero-digit") ?? zeroDigit
            minusSign = options?["minus-sign"]?.stringValue ?? minusSign
            let zero = zeroDigit.unicodeScalars.first!.value
            // a zero whose successors are not all characters (surrogates): those digits are U+FFFD
            family = (0..<10).map { Character(Unicode.Scalar(zero + $0) ?? "\u{FFFD}") }
            active = Set(family + [decimalSep, expSep, groupSep, digitSign, patternSep])
        }
    }

    /// `$formatNumber(value, picture, options)`. Pictures without options are analysed once
    /// (``numberCache``); the digits are laid out on bytes by ``Pic/renderFast(_:_:minusSign:)``
    /// when it can, else by the general path below on Characters (`fast: false` forces that one,
    /// for tests to compare).
    static func formatNumber(_ value: Double, _ picture: String, _ options: JObject?, fast: Bool = true) throws(JSONataError) -> String {
        if options == nil, fast, let analysed = numberCache[picture], let symbols = FastSymbols.standard {
            let s = value >= 0 ? analysed.positive.renderFast(value, symbols, minusSign: "-") : analysed.negative.renderFast(value, symbols, minusSign: "-")
            if let s { return s }
        }
        let optionsKey = fast ? options.map { optionsCacheKey(picture, $0) } : nil
        if let optionsKey, let cached = optionsCache[optionsKey], let symbols = cached.fast {
            let s = value >= 0 ? cached.analysed.positive.renderFast(value, symbols, minusSign: cached.minusSign)
                               : cached.analysed.negative.renderFast(value, symbols, minusSign: cached.minusSign)
            if let s { return s }
        }
        let sy = options.map { Symbols($0) } ?? Symbols.standard
        let family = sy.family, decimalSep = sy.decimalSep, groupSep = sy.groupSep, expSep = sy.expSep
        let digitSign = sy.digitSign, patternSep = sy.patternSep, percent = sy.percent, perMille = sy.perMille
        let zeroDigit = sy.zeroDigit, minusSign = sy.minusSign, active = sy.active

        struct Parts {
            var prefix = "", suffix = "", active = "", mantissa = "", exponent: String? = nil, integer = "", fractional = "", sub = ""
        }

        func split(_ sub: String) -> Parts {
            let c = Array(sub)
            var p = Parts()
            p.sub = sub
            var prefixEnd = c.count
            for (i, x) in c.enumerated() where active.contains(x) && x != expSep { prefixEnd = i; break }
            var suffixStart = c.count
            var i = c.count - 1
            while i >= 0 { if active.contains(c[i]) && c[i] != expSep { suffixStart = i + 1; break }; i -= 1 }
            if prefixEnd == c.count { suffixStart = c.count }
            p.prefix = String(c[0..<prefixEnd])
            p.suffix = suffixStart < c.count ? String(c[suffixStart...]) : ""
            if prefixEnd == c.count { p.suffix = "" }
            let activePart = Array(c[prefixEnd..<max(prefixEnd, c.count - p.suffix.count)])
            p.active = String(activePart)
            var expPos: Int? = nil
            for j in prefixEnd..<c.count where c[j] == expSep { expPos = j; break }
            if let e = expPos, e <= c.count - p.suffix.count {
                let rel = e - prefixEnd
                p.mantissa = String(activePart[0..<min(rel, activePart.count)])
                p.exponent = rel + 1 <= activePart.count ? String(activePart[(rel + 1)...]) : ""
            } else {
                p.mantissa = p.active
            }
            if let d = p.mantissa.firstIndex(of: decimalSep) {
                p.integer = String(p.mantissa[..<d])
                p.fractional = String(p.mantissa[p.mantissa.index(after: d)...])
            } else {
                p.integer = p.mantissa
                p.fractional = p.suffix
            }
            return p
        }

        func validate(_ p: Parts) throws(JSONataError) {
            var error: String? = nil
            let s = Array(p.sub)
            func count(_ x: Character) -> Int { s.filter { $0 == x }.count }
            if count(decimalSep) > 1 { error = "D3081" }
            if count(percent) > 1 { error = "D3082" }
            if count(perMille) > 1 { error = "D3083" }
            if count(percent) > 0 && count(perMille) > 0 { error = "D3084" }
            if !p.mantissa.contains(where: { family.contains($0) || $0 == digitSign }) { error = "D3085" }
            if p.active.contains(where: { !active.contains($0) }) { error = "D3086" }
            if let d = s.firstIndex(of: decimalSep) {
                if (d > 0 && s[d - 1] == groupSep) || (d + 1 < s.count && s[d + 1] == groupSep) { error = "D3087" }
            } else if p.integer.last == groupSep {
                error = "D3088"
            }
            if p.sub.contains(String(groupSep) + String(groupSep)) { error = "D3089" }
            if let o = p.integer.firstIndex(of: digitSign), p.integer[..<o].contains(where: { family.contains($0) }) { error = "D3090" }
            if let o = p.fractional.lastIndex(of: digitSign), p.fractional[o...].contains(where: { family.contains($0) }) { error = "D3091" }
            if let e = p.exponent {
                if !e.isEmpty && (count(percent) > 0 || count(perMille) > 0) { error = "D3092" }
                if e.isEmpty || e.contains(where: { !family.contains($0) }) { error = "D3093" }
            }
            if let error { throw JSONataError(error) }
        }

        func analyse(_ p: Parts) -> Pic {
            func groupingPositions(_ part: String, toLeft: Bool) -> [Int] {
                var positions: [Int] = []
                let c = Array(part)
                for (i, x) in c.enumerated() where x == groupSep {
                    let side = toLeft ? Array(c[0..<i]) : Array(c[i...])
                    positions.append(side.filter { family.contains($0) || $0 == digitSign }.count)
                }
                return positions
            }
            var pic = Pic()
            pic.integerGrouping = groupingPositions(p.integer, toLeft: false)
            pic.regularGrouping = {
                let idx = pic.integerGrouping
                guard !idx.isEmpty else { return 0 }
                let factor = idx.dropFirst().reduce(idx[0], gcd)
                if factor == 0 { return 0 }
                for i in 1...idx.count where !idx.contains(i * factor) { return 0 }
                return factor
            }()
            pic.fractionalGrouping = groupingPositions(p.fractional, toLeft: true)
            pic.minInt = p.integer.filter { family.contains($0) }.count
            pic.scaling = pic.minInt
            pic.minFrac = p.fractional.filter { family.contains($0) }.count
            pic.maxFrac = p.fractional.filter { family.contains($0) || $0 == digitSign }.count
            let expPresent = p.exponent != nil
            if pic.minInt == 0 && pic.maxFrac == 0 {
                if expPresent { pic.minFrac = 1; pic.maxFrac = 1 } else { pic.minInt = 1 }
            }
            if expPresent && pic.minInt == 0 && p.integer.contains(digitSign) { pic.minInt = 1 }
            if pic.minInt == 0 && pic.minFrac == 0 { pic.minFrac = 1 }
            if let e = p.exponent { pic.minExp = e.filter { family.contains($0) }.count }
            pic.prefix = p.prefix
            pic.suffix = p.suffix
            pic.picture = p.sub
            pic.fractional = p.fractional
            return pic
        }

        var variables: [Pic]
        if options == nil, fast, let cached = numberCache[picture] {
            variables = [cached.positive, cached.negative]
        } else if let optionsKey, let cached = optionsCache[optionsKey] {
            variables = [cached.analysed.positive, cached.analysed.negative]
        } else {
            let subPictures = picture.split(separator: patternSep, omittingEmptySubsequences: false).map(String.init)
            if subPictures.count > 2 { throw JSONataError("D3080") }
            let parts = subPictures.map(split)
            for p in parts { try validate(p) }
            variables = parts.map(analyse)
            if variables.count == 1 {
                var neg = variables[0]
                neg.prefix = minusSign + neg.prefix
                variables.append(neg)
            }
            for i in variables.indices {
                if variables[i].picture.contains(percent) { variables[i].multiplier = 100 } else if variables[i].picture.contains(perMille) { variables[i].multiplier = 1000 }
                variables[i].prefixUTF8 = Array(variables[i].prefix.utf8)
                variables[i].suffixUTF8 = Array(variables[i].suffix.utf8)
            }
            if options == nil, fast { numberCache[picture] = NumberPicture(variables) }
            if let optionsKey { optionsCache[optionsKey] = OptionsPicture(NumberPicture(variables), FastSymbols(sy), minusSign) }
        }
        if fast, let fastSymbols = options == nil ? FastSymbols.standard : FastSymbols(sy),
           let s = variables[value >= 0 ? 0 : 1].renderFast(value, fastSymbols, minusSign: minusSign) {
            return s
        }
        let pic = value >= 0 ? variables[0] : variables[1]
        var adjusted = value
        if pic.multiplier != 1 { adjusted = value * pic.multiplier }
        var mantissa = adjusted
        var exponent: Int? = nil
        if pic.minExp != 0 {
            let maxM = pow(10, Double(pic.scaling)), minM = pow(10, Double(pic.scaling - 1))
            var e = 0
            // jsonata-js scales a negative mantissa up towards minM forever (it loops until its time
            // limit): the evaluation fails as that limit would fail it, instead of hanging
            if mantissa < 0 { throw JSONataError("U1001", message: "Expression evaluation timeout: Check for infinite loop") }
            if mantissa != 0 {
                while mantissa < minM { mantissa *= 10; e -= 1 }
                while mantissa > maxM { mantissa /= 10; e += 1 }
            }
            exponent = e
        }
        let rounded = Functions.round(mantissa, Double(pic.maxFrac))
        func makeString(_ v: Double, _ dp: Int) -> String {
            // the value is already rounded to dp decimals: its shortest form, padded, is toFixed(dp)
            var s = Functions.formatJS(abs(v))
            if s.utf8.contains(UInt8(ascii: "e")) {
                s = String(format: "%.\(dp)f", abs(v))
            } else if dp > 0 {
                let decimals = s.firstIndex(of: ".").map { s.distance(from: $0, to: s.endIndex) - 1 } ?? -1
                if decimals < 0 { s += "." + String(repeating: "0", count: dp) } else if decimals < dp { s += String(repeating: "0", count: dp - decimals) } else if decimals > dp { s = String(format: "%.\(dp)f", abs(v)) }
            } else if s.utf8.contains(UInt8(ascii: ".")) {
                s = String(format: "%.0f", abs(v))
            }
            if zeroDigit != "0" {
                s = String(s.map { c -> Character in
                    if let d = c.wholeNumberValue, c.isASCII { return family[d] }
                    return c
                })
            }
            return s
        }
        var sv = Array(makeString(rounded, pic.maxFrac))
        if let d = sv.firstIndex(of: ".") { sv[d] = decimalSep } else { sv.append(decimalSep) }
        while sv.first == zeroDigit { sv.removeFirst() }
        while sv.last == zeroDigit { sv.removeLast() }
        var decimalPos = sv.firstIndex(of: decimalSep)!
        let padLeft = pic.minInt - decimalPos
        let padRight = pic.minFrac - (sv.count - decimalPos - 1)
        if padLeft > 0 { sv.insert(contentsOf: Array(repeating: zeroDigit, count: padLeft), at: 0) }
        if padRight > 0 { sv.append(contentsOf: Array(repeating: zeroDigit, count: padRight)) }
        decimalPos = sv.firstIndex(of: decimalSep)!
        if pic.regularGrouping > 0 {
            let groupCount = (decimalPos - 1) / pic.regularGrouping
            if groupCount >= 1 {
                for group in 1...groupCount {
                    sv.insert(groupSep, at: decimalPos - group * pic.regularGrouping)
                }
            }
        } else {
            for pos in pic.integerGrouping {
                let at = decimalPos - pos
                if at >= 0 && at <= sv.count { sv.insert(groupSep, at: at) }
                decimalPos += 1
            }
        }
        decimalPos = sv.firstIndex(of: decimalSep)!
        for pos in pic.fractionalGrouping {
            let at = pos + decimalPos + 1
            if at <= sv.count { sv.insert(groupSep, at: at) }
        }
        decimalPos = sv.firstIndex(of: decimalSep)!
        if pic.maxFrac == 0 || decimalPos == sv.count - 1 { sv.remove(at: decimalPos) }
        var result = String(sv)
        if let exponent {
            var se = makeString(Double(exponent), 0)
            let pad = pic.minExp - se.count
            if pad > 0 { se = String(repeating: zeroDigit, count: pad) + se }
            result += String(expSep) + (exponent < 0 ? minusSign : "") + se
        }
        return pic.prefix + result + pic.suffix
    }

    /// The symbols a picture's output uses, when each is one printable ASCII byte that no digit
    /// or other symbol shares and the zero digit is `0`: then ``Pic/renderFast(_:_:minusSign:)`` can lay the number
    /// out on UTF-8 bytes, position for position as the general path does on Characters.
    struct FastSymbols {
        var decimalSep: UInt8, groupSep: UInt8, expSep: UInt8

        static let standard = FastSymbols(Symbols.standard)

        init?(_ sy: Symbols) {
            guard sy.zeroDigit == "0", let d = DecimalText.singleByte(sy.decimalSep), let g = DecimalText.singleByte(sy.groupSep),
                  let e = DecimalText.singleByte(sy.expSep), d != g else { return nil }
            decimalSep = d; groupSep = g; expSep = e
        }
    }
}

extension NumberFormatting.Pic {
    /// `$formatNumber`'s layout of `value` by this analysed sub-picture, on bytes: the same steps as
    /// the general path (strip zeros, pad to the minimum sizes, insert grouping separators, drop a
    /// bare decimal separator, append the exponent), with the digits from
    /// ``DecimalText/roundedScaled(_:_:)``. nil when that cannot give the digits exactly.
    func renderFast(_ value: Double, _ sy: NumberFormatting.FastSymbols, minusSign: String) -> String? {
        let adjusted = multiplier != 1 ? value * multiplier : value
        var mantissa = adjusted
        var exponent: Int? = nil
        if minExp != 0 {
            let maxM = pow(10, Double(scaling)), minM = pow(10, Double(scaling - 1))
            var e = 0
            // a negative mantissa never reaches minM: the general path reports it
            if mantissa < 0 { return nil }
            if mantissa != 0 {
                while mantissa < minM { mantissa *= 10; e -= 1 }
                while mantissa > maxM { mantissa /= 10; e += 1 }
            }
            exponent = e
        }
        let p = maxFrac
        guard let scaled = DecimalText.roundedScaled(mantissa, p) else { return nil }
        // the printed rounded value: integer digits (leading zeros stripped) and fraction digits (trailing ones stripped)
        let integerPart: UInt64, fractionPart: UInt64
        if p <= 19 {
            integerPart = scaled / DecimalText.integerPowersOfTen[p]
            fractionPart = scaled % DecimalText.integerPowersOfTen[p]
        } else {
            integerPart = 0
            fractionPart = scaled
        }
        let zero = UInt8(ascii: "0")
        var out: [UInt8] = []
        out.reserveCapacity(prefixUTF8.count + suffixUTF8.count + 40)
        out.append(contentsOf: prefixUTF8)
        let base = out.count
        if integerPart != 0 { DecimalText.appendDigits(integerPart, to: &out) }
        let padLeft = minInt - (out.count - base)
        if padLeft > 0 { out.insert(contentsOf: repeatElement(zero, count: padLeft), at: base) }
        var decimalPos = out.count - base
        out.append(sy.decimalSep)
        var fractionDigits = 0
        if fractionPart != 0 {
            var f = fractionPart
            var width = p
            while f % 10 == 0 { f /= 10; width -= 1 }
            DecimalText.appendDigits(f, width: width, to: &out)
            fractionDigits = width
        }
        if minFrac > fractionDigits { out.append(contentsOf: repeatElement(zero, count: minFrac - fractionDigits)) }
        // grouping, exactly as the general path (positions relative to `base`)
        if regularGrouping > 0 {
            let groupCount = (decimalPos - 1) / regularGrouping
            if groupCount >= 1 {
                for group in 1...groupCount { out.insert(sy.groupSep, at: base + decimalPos - group * regularGrouping) }
            }
        } else {
            for pos in integerGrouping {
                let at = decimalPos - pos
                if at >= 0 && at <= out.count - base { out.insert(sy.groupSep, at: base + at) }
                decimalPos += 1
            }
        }
        let point = out[base...].firstIndex(of: sy.decimalSep)!
        for pos in fractionalGrouping {
            let at = pos + point + 1
            if at <= out.count { out.insert(sy.groupSep, at: at) }
        }
        if maxFrac == 0 || point == out.count - 1 { out.remove(at: point) }
        if let exponent {
            out.append(sy.expSep)
            if exponent < 0 { out.append(contentsOf: minusSign.utf8) }
            DecimalText.appendDigits(UInt64(exponent.magnitude), width: minExp, to: &out)
        }
        out.append(contentsOf: suffixUTF8)
        return String(decoding: out, as: UTF8.self)
    }
}
