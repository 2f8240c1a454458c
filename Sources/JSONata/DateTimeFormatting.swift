import Foundation

/// `$fromMillis`/`$toMillis`/`$now` with XPath F&O picture strings, as jsonata-js's datetime.js does them (UTC arithmetic).
enum DateTimeFormatting {
    typealias IntegerFormat = NumberFormatting.IntegerFormat

    struct Part {
        var literal: String?
        var component: Character = " "
        var width: (min: Int?, max: Int?)? = nil
        var presentation1 = ""
        var presentation2: Character? = nil
        var ordinal = false
        var names: NumberFormatting.Case? = nil
        var integerFormat: IntegerFormat? = nil
        var n = -1
    }

    static let defaultModifiers: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    /// A picture analysed for formatting: each step either a literal's bytes, a plain decimal
    /// component laid out on bytes (`[Y0001]`, `[M01]`, `[H]`...), or any other part, which
    /// ``formatComponent(_:_:_:_:)`` formats as a String. Steps are plain values indexing the
    /// plan's tables, so that running through them retains nothing.
    final class FormatPlan: Sendable {
        enum Step: Sendable {
            /// `literals[start..<end]`
            case literal(start: Int, end: Int)
            /// A component of `YMDHhmsf` with a decimal picture `layouts[layout]`; `modulus` is
            /// 10^n for a year shortened to n digits, else 0.
            case decimal(component: UInt8, modulus: Int, layout: Int)
            /// `parts[index]`, through formatComponent.
            case general(Int)
            /// A timezone part `parts[index]`: `literals[start..<end]` at offset zero (precomputed,
            /// as the part does not depend on the instant), else through formatComponent.
            case zone(Int, start: Int, end: Int)
        }

        let steps: [Step]
        let literals: [UInt8]
        let layouts: [NumberFormatting.DecimalLayout]
        let parts: [Part]

        init(_ analysed: [Part]) {
            var steps: [Step] = [], literals: [UInt8] = [], layouts: [NumberFormatting.DecimalLayout] = [], parts: [Part] = []
            for part in analysed {
                if let literal = part.literal {
                    let start = literals.count
                    literals.append(contentsOf: literal.utf8)
                    steps.append(.literal(start: start, end: literals.count))
                    continue
                }
                if part.names == nil, let f = part.integerFormat, let layout = NumberFormatting.DecimalLayout(f),
                   let c = part.component.asciiValue, "YMDHhmsf".utf8.contains(c), part.n < 18 {
                    let modulus = c == UInt8(ascii: "Y") && part.n != -1 ? Int(DecimalText.integerPowersOfTen[part.n]) : 0
                    steps.append(.decimal(component: c, modulus: modulus, layout: layouts.count))
                    layouts.append(layout)
                } else if part.component == "Z" || part.component == "z",
                          let utc = try? DateTimeFormatting.formatComponent(UTCDate(0), part, 0, 0) {
                    let start = literals.count
                    literals.append(contentsOf: utc.utf8)
                    steps.append(.zone(parts.count, start: start, end: literals.count))
                    parts.append(part)
                } else {
                    steps.append(.general(parts.count))
                    parts.append(part)
                }
            }
            self.steps = steps
            self.literals = literals
            self.layouts = layouts
            self.parts = parts
        }
    }

    static let cache = PictureCache<FormatPlan>()

    static func cachedPlan(_ picture: String) throws(JSONataError) -> FormatPlan {
        if let plan = cache[picture] { return plan }
        let plan = FormatPlan(try analyse(picture))
        cache[picture] = plan
        return plan
    }

    static func analyse(_ picture: String) throws(JSONataError) -> [Part] {
        var spec: [Part] = []
        let p = Array(picture)
        func addLiteral(_ start: Int, _ end: Int) {
            if end > start {
                let lit = String(p[start..<end]).replacingOccurrences(of: "]]", with: "]")
                spec.append(Part(literal: lit))
            }
        }
        var start = 0, pos = 0
        while pos < p.count {
            if p[pos] == "[" {
                if pos + 1 < p.count && p[pos + 1] == "[" {
                    addLiteral(start, pos)
                    spec.append(Part(literal: "["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = p[start...].firstIndex(of: "]") else { throw JSONataError("D3135") }
                pos = close
                let marker = String(p[(start + 1)..<pos].filter { !$0.isWhitespace })
                var def = Part()
                def.component = marker.first ?? " "
                var presMod: String
                if let comma = marker.lastIndex(of: ",") {
                    let widthMod = String(marker[marker.index(after: comma)...])
                    func parseWidth(_ s: String?) -> Int? {
                        guard let s, s != "*" else { return nil }
                        return Int(s.prefix { $0.isNumber })
                    }
                    if let dash = widthMod.firstIndex(of: "-") {
                        def.width = (parseWidth(String(widthMod[..<dash])), parseWidth(String(widthMod[widthMod.index(after: dash)...])))
                    } else {
                        def.width = (parseWidth(widthMod), nil)
                    }
                    presMod = String(marker[marker.index(after: marker.startIndex)..<comma])
                } else {
                    presMod = String(marker.dropFirst())
                }
                if presMod.count == 1 {
                    def.presentation1 = presMod
                } else if presMod.count > 1 {
                    let last = presMod.last!
                    if "atco".contains(last) {
                        def.presentation2 = last
                        if last == "o" { def.ordinal = true }
                        def.presentation1 = String(presMod.dropLast())
                    } else {
                        def.presentation1 = presMod
                    }
                } else {
                    guard let d = defaultModifiers[def.component] else {
                        throw JSONataError("D3132", value: .string(String(def.component)))
                    }
                    def.presentation1 = d
                }
                let p1 = Array(def.presentation1)
                if p1.first == "n" {
                    def.names = .lower
                } else if p1.first == "N" {
                    def.names = p1.count > 1 && p1[1] == "n" ? .title : .upper
                } else if "YMDdFWwXxHhmsf".contains(def.component) {
                    var integerPattern = def.presentation1
                    if let p2 = def.presentation2 { integerPattern += ";" + String(p2) }
                    var f = try NumberFormatting.analyseIntegerPicture(integerPattern)
                    if let w = def.width, let mn = w.min, f.mandatoryDigits < mn { f.mandatoryDigits = mn }
                    if "YMD".contains(def.component) {
                        def.n = -1
                        if let w = def.width, let mx = w.max {
                            def.n = mx
                            f.mandatoryDigits = mx
                        } else {
                            let w = f.mandatoryDigits + f.optionalDigits
                            if w >= 2 { def.n = w }
                        }
                    }
                    def.integerFormat = f
                }
                if def.component == "Z" || def.component == "z" {
                    def.integerFormat = try NumberFormatting.analyseIntegerPicture(def.presentation1)
                }
                if defaultModifiers[def.component] == nil {
                    throw JSONataError("D3132", value: .string(String(def.component)))
                }
                spec.append(def)
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, pos)
        return spec
    }

    static let days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let millisInADay = 86_400_000.0

    // MARK: - UTC calendar arithmetic

    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z: Int) -> (Int, Int, Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// JavaScript `Date.UTC(y, m0, d, h, mi, s, ms)` with month overflow.
    static func utc(_ y: Int, _ m0: Int, _ d: Int = 1, _ h: Double = 0, _ mi: Double = 0, _ s: Double = 0, _ ms: Double = 0) -> Double {
        let yy = y + Int(floor(Double(m0) / 12))
        let mm = ((m0 % 12) + 12) % 12
        let days = daysFromCivil(yy, mm + 1, 1) + d - 1
        return Double(days) * millisInADay + h * 3_600_000 + mi * 60_000 + s * 1000 + ms
    }

    struct UTCDate {
        let millis: Double
        var year: Int, month: Int, day: Int // month 0-based
        var hours: Int, minutes: Int, seconds: Int, ms: Int
        var weekday: Int // 0 = Sunday

        init(_ instant: Double) {
            // callers keep to ``maxMillis`` (a day's offset more at most); clamped all the same, so
            // no conversion below can trap
            let millis = instant.isNaN ? 0 : Swift.max(-2 * maxMillis, Swift.min(2 * maxMillis, instant))
            self.millis = millis
            let dayNumber = Int(floor(millis / millisInADay))
            let (y, m, d) = civilFromDays(dayNumber)
            year = y; month = m - 1; day = d
            var rem = Int(millis - Double(dayNumber) * millisInADay)
            hours = rem / 3_600_000; rem %= 3_600_000
            minutes = rem / 60000; rem %= 60000
            seconds = rem / 1000
            ms = rem % 1000
            weekday = ((dayNumber % 7) + 7 + 4) % 7
        }
    }

    static func startOfFirstWeek(_ year: Int, _ month: Int) -> Double {
        let jan1 = utc(year, month)
        var day = UTCDate(jan1).weekday
        if day == 0 { day = 7 }
        return day > 4 ? jan1 + Double(8 - day) * millisInADay : jan1 - Double(day - 1) * millisInADay
    }

    static func deltaWeeks(_ start: Double, _ end: Double) -> Double { (end - start) / (millisInADay * 7) + 1 }

    enum Fragment { case number(Double), text(String) }

    static func fragment(_ date: UTCDate, _ component: Character) -> Fragment? {
        switch component {
        case "Y": return .number(Double(date.year))
        case "M": return .number(Double(date.month + 1))
        case "D": return .number(Double(date.day))
        case "d":
            let today = utc(date.year, date.month, date.day)
            return .number((today - utc(date.year, 0)) / millisInADay + 1)
        case "F": return .number(Double(date.weekday == 0 ? 7 : date.weekday))
        case "W":
            let start = startOfFirstWeek(date.year, 0)
            let today = utc(date.year, date.month, date.day)
            var week = deltaWeeks(start, today)
            if week > 52 {
                if today >= startOfFirstWeek(date.year + 1, 0) { week = 1 }
            } else if week < 1 {
                week = deltaWeeks(startOfFirstWeek(date.year - 1, 0), today)
            }
            return .number(floor(week))
        case "w":
            let start = startOfFirstWeek(date.year, date.month)
            let today = utc(date.year, date.month, date.day)
            var week = deltaWeeks(start, today)
            if week > 4 {
                let (ny, nm) = date.month == 11 ? (date.year + 1, 0) : (date.year, date.month + 1)
                if today >= startOfFirstWeek(ny, nm) { week = 1 }
            } else if week < 1 {
                let (py, pm) = date.month == 0 ? (date.year - 1, 11) : (date.year, date.month - 1)
                week = deltaWeeks(startOfFirstWeek(py, pm), today)
            }
            return .number(floor(week))
        case "X":
            let startISO = startOfFirstWeek(date.year, 0)
            let endISO = startOfFirstWeek(date.year + 1, 0)
            if date.millis < startISO { return .number(Double(date.year - 1)) }
            if date.millis >= endISO { return .number(Double(date.year + 1)) }
            return .number(Double(date.year))
        case "x":
            let startISO = startOfFirstWeek(date.year, date.month)
            let (ny, nm) = date.month == 11 ? (date.year + 1, 0) : (date.year, date.month + 1)
            let endISO = startOfFirstWeek(ny, nm)
            if date.millis < startISO { return .number(Double((date.month + 11) % 12 + 1)) }
            if date.millis >= endISO { return .number(Double(nm + 1)) }
            return .number(Double(date.month + 1))
        case "H": return .number(Double(date.hours))
        case "h":
            let h = date.hours % 12
            return .number(Double(h == 0 ? 12 : h))
        case "P": return .text(date.hours >= 12 ? "pm" : "am")
        case "m": return .number(Double(date.minutes))
        case "s": return .number(Double(date.seconds))
        case "f": return .number(Double(date.ms))
        case "C", "E": return .text("ISO")
        default: return nil
        }
    }

    static let isoPicture = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"

    static func iso(_ ms: Double) -> String {
        (try? format(ms, picture: nil, timezone: nil)) ?? ""
    }

    /// The instants a JavaScript `Date` holds: ±8.64e15 ms (100,000,000 days) around 1970.
    static let maxMillis = 8.64e15

    static func format(_ millis: Double, picture: String?, timezone: String?) throws(JSONataError) -> String {
        // beyond that range JavaScript's Date is invalid, and formatting it throws
        guard abs(millis) <= maxMillis else { throw JSONataError(public: "RangeError", message: "Invalid time value") }
        let (offsetHours, offsetMinutes) = timezoneOffset(timezone)
        let plan = try cachedPlan(picture ?? isoPicture)
        let offsetMillis = Double((60 * offsetHours + offsetMinutes) * 60 * 1000)
        let date = UTCDate(millis + offsetMillis)
        let literals = plan.literals, layouts = plan.layouts
        var out: [UInt8] = []
        out.reserveCapacity(literals.count + 32)
        for step in plan.steps {
            switch step {
            case .literal(let start, let end):
                for k in start..<end { out.append(literals[k]) }
            case .decimal(let component, let modulus, let layout):
                var value: Int
                switch component {
                case UInt8(ascii: "Y"): value = date.year
                case UInt8(ascii: "M"): value = date.month + 1
                case UInt8(ascii: "D"): value = date.day
                case UInt8(ascii: "H"): value = date.hours
                case UInt8(ascii: "m"): value = date.minutes
                case UInt8(ascii: "s"): value = date.seconds
                case UInt8(ascii: "f"): value = date.ms
                default: // "h"
                    let h = date.hours % 12
                    value = h == 0 ? 12 : h
                }
                if modulus != 0 { value %= modulus }
                layouts[layout].append(negative: value < 0, UInt64(value.magnitude), to: &out)
            case .general(let index):
                out.append(contentsOf: try formatComponent(date, plan.parts[index], offsetHours, offsetMinutes).utf8)
            case .zone(let index, let start, let end):
                if offsetHours == 0 && offsetMinutes == 0 {
                    for k in start..<end { out.append(literals[k]) }
                } else {
                    out.append(contentsOf: try formatComponent(date, plan.parts[index], offsetHours, offsetMinutes).utf8)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``format(_:picture:timezone:)`` with every part through formatComponent, as Strings, and
    /// no cache: the general path, which tests compare the byte-level plan against.
    static func formatReference(_ millis: Double, picture: String, timezone: String?) throws(JSONataError) -> String {
        let (offsetHours, offsetMinutes) = timezoneOffset(timezone)
        let date = UTCDate(millis + Double((60 * offsetHours + offsetMinutes) * 60 * 1000))
        var result = ""
        for part in try analyse(picture) {
            if let lit = part.literal { result += lit; continue }
            result += try formatComponent(date, part, offsetHours, offsetMinutes)
        }
        return result
    }

    /// A `$fromMillis` timezone (`±HHMM`) as hours and minutes (jsonata-js's arithmetic).
    static func timezoneOffset(_ timezone: String?) -> (hours: Int, minutes: Int) {
        var offsetHours = 0, offsetMinutes = 0
        if let timezone {
            let digits = timezone.prefix { $0 == "+" || $0 == "-" || $0.isNumber }
            if let offset = Int(digits.hasPrefix("+") ? String(digits.dropFirst()) : String(digits)) {
                offsetHours = Int(floor(Double(offset) / 100))
                offsetMinutes = offset % 100
            }
        }
        return (offsetHours, offsetMinutes)
    }

    static func formatComponent(_ date: UTCDate, _ m: Part, _ offsetHours: Int, _ offsetMinutes: Int) throws(JSONataError) -> String {
        let value = fragment(date, m.component)
        if "YMDdFWwXxHhms".contains(m.component) {
            guard case .number(var n)? = value else { return "" }
            if m.component == "Y", m.n != -1 {
                n = n.truncatingRemainder(dividingBy: pow(10, Double(m.n)))
            }
            if let names = m.names {
                var s: String
                if m.component == "M" || m.component == "x" {
                    s = months[Int(n) - 1]
                } else if m.component == "F" {
                    s = days[Int(n)]
                } else {
                    throw JSONataError("D3133", value: .string(String(m.component)))
                }
                if names == .upper { s = s.uppercased() } else if names == .lower { s = s.lowercased() }
                if let w = m.width, let mx = w.max, s.count > mx { s = String(s.prefix(mx)) }
                return s
            }
            return try NumberFormatting.formatInteger(n, m.integerFormat!)
        }
        if m.component == "f" {
            guard case .number(let n)? = value else { return "" }
            return try NumberFormatting.formatInteger(n, m.integerFormat!)
        }
        if m.component == "Z" || m.component == "z" {
            let offset = offsetHours * 100 + offsetMinutes
            let f = m.integerFormat!
            var s: String
            if f.regular {
                s = try NumberFormatting.formatInteger(Double(offset), f)
            } else {
                let numDigits = f.mandatoryDigits
                if numDigits == 1 || numDigits == 2 {
                    s = try NumberFormatting.formatInteger(Double(offsetHours), f)
                    if offsetMinutes != 0 {
                        s += ":" + (try NumberFormatting.formatInteger(Double(offsetMinutes), NumberFormatting.analyseIntegerPicture("00")))
                    }
                } else if numDigits == 3 || numDigits == 4 {
                    s = try NumberFormatting.formatInteger(Double(offset), f)
                } else {
                    throw JSONataError("D3134", value: .number(Double(numDigits)))
                }
            }
            if offset >= 0 { s = "+" + s }
            if m.component == "z" { s = "GMT" + s }
            if offset == 0 && m.presentation2 == "t" { s = "Z" }
            return s
        }
        if m.component == "P" {
            guard case .text(var s)? = value else { return "" }
            if m.names == .upper { s = s.uppercased() }
            return s
        }
        if case .text(let s)? = value { return s }
        return ""
    }

    // MARK: - parsing

    /// `$toMillis(timestamp)` without a picture: jsonata-js checks the text against one regex
    /// (``isoShape``) and reads its fields with another (``isoFields``); nil when the first does
    /// not match (the caller's D3110), NaN when the second does not. Both patterns are ASCII and
    /// JavaScript's `\d` and `$` are too, so a timestamp with anything but printable ASCII (other
    /// digits, a line break) never matches; the rest goes through ``ISOMatcher``, the two
    /// patterns written out as backtracking code.
    static func parseISO(_ s: String) -> Double? {
        guard s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        let matcher = ISOMatcher(Array(s.utf8))
        guard matcher.matchesShape() else { return nil }
        guard let fields = matcher.fields() else { return .nan }
        return matcher.millis(fields)
    }

    static let isoShape = try! JRegex(pattern: #"^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$"#, flags: "")
    static let isoFields = try! JRegex(pattern: #"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?(Z|[+-]\d\d:?\d\d)?$"#, flags: "")

    /// ``parseISO(_:)`` as jsonata-js writes it, through the two regexes (with JavaScript's
    /// semantics, our engine's): the reference the tests compare ``ISOMatcher`` with.
    static func parseISOWithRegex(_ s: String) -> Double? {
        guard (try? isoShape.captureOffsets(in: s)) ?? nil != nil else { return nil }
        guard let offsets = (try? isoFields.captureOffsets(in: s)) ?? nil else { return .nan }
        return isoMillis { i in
            offsets[2 * i] < 0 ? nil : Functions.substringUTF16(s, offsets[2 * i], offsets[2 * i + 1])
        }
    }

    /// The instant of ``isoFields``'s captures (`g(1)` the year ... `g(8)` the zone), as jsonata-js computes it.
    static func isoMillis(_ g: (Int) -> String?) -> Double {
        let y = Int(g(1)!)!, mo = Int(g(2) ?? "1")!, d = Int(g(3) ?? "1")!
        let h = Double(g(4) ?? "0")!, mi = Double(g(5) ?? "0")!, sec = Double(g(6) ?? "0")!
        var ms = 0.0
        if let f = g(7) { ms = Double("0." + f)! * 1000; ms = ms.rounded(.down) }
        if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 59 { return .nan }
        var t = utc(y, mo - 1, d, h, mi, sec, ms)
        if let z = g(8), z != "Z" {
            let sign: Double = z.hasPrefix("-") ? -1 : 1
            let digits = z.dropFirst().replacingOccurrences(of: ":", with: "")
            let oh = Double(digits.prefix(2))!, om = Double(digits.suffix(2))!
            t -= sign * (oh * 60 + om) * 60_000
        }
        return t
    }

    /// ``isoShape`` and ``isoFields`` over ASCII bytes, trying alternatives in the regex engine's
    /// order (an optional group present before absent, a greedy run longest first), so that the
    /// captures are the ones the regex reports.
    struct ISOMatcher {
        let bytes: [UInt8]

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func digit(_ p: Int, _ range: ClosedRange<UInt8> = 0x30...0x39) -> Bool { p < bytes.count && range.contains(bytes[p]) }
        func byte(_ p: Int, _ c: Unicode.Scalar) -> Bool { p < bytes.count && bytes[p] == UInt8(ascii: c) }

        // MARK: isoShape

        func matchesShape() -> Bool {
            (0..<4).allSatisfy { digit($0) } && months(4)
        }
        /// `(-[01]\d)*` then the rest
        private func months(_ p: Int) -> Bool {
            (byte(p, "-") && digit(p + 1, 0x30...0x31) && digit(p + 2) && months(p + 3)) || days(p)
        }
        /// `(-[0-3]\d)*` then the rest
        private func days(_ p: Int) -> Bool {
            (byte(p, "-") && digit(p + 1, 0x30...0x33) && digit(p + 2) && days(p + 3)) || times(p)
        }
        /// `(T[0-2]\d:[0-5]\d:[0-5]\d)*` then the rest
        private func times(_ p: Int) -> Bool {
            (byte(p, "T") && digit(p + 1, 0x30...0x32) && digit(p + 2) && byte(p + 3, ":") && digit(p + 4, 0x30...0x35) && digit(p + 5)
                && byte(p + 6, ":") && digit(p + 7, 0x30...0x35) && digit(p + 8) && times(p + 9)) || fraction(p)
        }
        /// `(\.\d+)?` then the rest
        private func fraction(_ p: Int) -> Bool {
            if byte(p, ".") {
                var n = 0
                while digit(p + 1 + n) { n += 1 }
                var length = n
                while length >= 1 { if shapeZone(p + 1 + length) { return true }; length -= 1 }
            }
            return shapeZone(p)
        }
        /// `([+-][0-2]\d:?[0-5]\d|Z)?$`
        private func shapeZone(_ p: Int) -> Bool {
            if byte(p, "+") || byte(p, "-"), digit(p + 1, 0x30...0x32), digit(p + 2) {
                if byte(p + 3, ":"), digit(p + 4, 0x30...0x35), digit(p + 5), p + 6 == bytes.count { return true }
                if digit(p + 3, 0x30...0x35), digit(p + 4), p + 5 == bytes.count { return true }
            }
            if byte(p, "Z"), p + 1 == bytes.count { return true }
            return p == bytes.count
        }

        /// ``isoMillis(_:)`` of these captures, the digits read from the bytes (the values `Int`
        /// and `Double` parse from these ASCII digits); the fraction still through `Double`'s
        /// parse, whose rounding the result keeps.
        func millis(_ c: [Range<Int>?]) -> Double {
            func number(_ i: Int, _ absent: Int) -> Int {
                guard let r = c[i] else { return absent }
                var v = 0
                for k in r { v = v * 10 + Int(bytes[k] &- 0x30) }
                return v
            }
            let y = number(1, 0), mo = number(2, 1), d = number(3, 1)
            let h = Double(number(4, 0)), mi = Double(number(5, 0)), sec = Double(number(6, 0))
            var ms = 0.0
            if let r = c[7] { ms = Double("0." + String(decoding: bytes[r], as: UTF8.self))! * 1000; ms = ms.rounded(.down) }
            if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 59 { return .nan }
            var t = utc(y, mo - 1, d, h, mi, sec, ms)
            if let r = c[8], bytes[r.lowerBound] != UInt8(ascii: "Z") {
                let sign: Double = bytes[r.lowerBound] == UInt8(ascii: "-") ? -1 : 1
                let digits = bytes[(r.lowerBound + 1)..<r.upperBound].filter { $0 != UInt8(ascii: ":") }
                let oh = Double(Int(digits[0] &- 0x30) * 10 + Int(digits[1] &- 0x30))
                let om = Double(Int(digits[digits.count - 2] &- 0x30) * 10 + Int(digits[digits.count - 1] &- 0x30))
                t -= sign * (oh * 60 + om) * 60_000
            }
            return t
        }

        // MARK: isoFields

        /// The eight captures' byte ranges (nil for a group that took no part), or nil when
        /// ``isoFields`` does not match.
        func fields() -> [Range<Int>?]? {
            var captures = [Range<Int>?](repeating: nil, count: 9)
            guard (0..<4).allSatisfy({ digit($0) }) else { return nil }
            captures[1] = 0..<4
            return fieldMonth(4, &captures) ? captures : nil
        }
        private func twoDigits(_ p: Int) -> Bool { digit(p) && digit(p + 1) }
        private func fieldMonth(_ p: Int, _ c: inout [Range<Int>?]) -> Bool {
            if byte(p, "-"), twoDigits(p + 1) {
                c[2] = (p + 1)..<(p + 3)
                if fieldDay(p + 3, &c) { return true }
                c[2] = nil
            }
            return fieldDay(p, &c)
        }
        private func fieldDay(_ p: Int, _ c: inout [Range<Int>?]) -> Bool {
            if byte(p, "-"), twoDigits(p + 1) {
                c[3] = (p + 1)..<(p + 3)
                if fieldTime(p + 3, &c) { return true }
                c[3] = nil
            }
            return fieldTime(p, &c)
        }
        /// `(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?`
        private func fieldTime(_ p: Int, _ c: inout [Range<Int>?]) -> Bool {
            if byte(p, "T"), twoDigits(p + 1), byte(p + 3, ":"), twoDigits(p + 4) {
                c[4] = (p + 1)..<(p + 3)
                c[5] = (p + 4)..<(p + 6)
                let q = p + 6
                if byte(q, ":"), twoDigits(q + 1) {
                    c[6] = (q + 1)..<(q + 3)
                    let r = q + 3
                    if byte(r, ".") {
                        var n = 0
                        while digit(r + 1 + n) { n += 1 }
                        var length = n
                        while length >= 1 {
                            c[7] = (r + 1)..<(r + 1 + length)
                            if fieldZone(r + 1 + length, &c) { return true }
                            length -= 1
                        }
                        c[7] = nil
                    }
                    if fieldZone(r, &c) { return true }
                    c[6] = nil
                }
                if fieldZone(q, &c) { return true }
                c[4] = nil
                c[5] = nil
            }
            return fieldZone(p, &c)
        }
        /// `(Z|[+-]\d\d:?\d\d)?$`
        private func fieldZone(_ p: Int, _ c: inout [Range<Int>?]) -> Bool {
            if byte(p, "Z"), p + 1 == bytes.count { c[8] = p..<(p + 1); return true }
            if byte(p, "+") || byte(p, "-"), twoDigits(p + 1) {
                if byte(p + 3, ":"), twoDigits(p + 4), p + 6 == bytes.count { c[8] = p..<(p + 6); return true }
                if twoDigits(p + 3), p + 5 == bytes.count { c[8] = p..<(p + 5); return true }
            }
            return p == bytes.count
        }
    }

    /// A `$toMillis` picture analysed for parsing, once (``parseCache``): one capture per part
    /// with the parser of its text. jsonata-js matches the timestamp with one anchored,
    /// case-insensitive regex of the parts; ``regex`` is that regex, and ``elements`` the same
    /// pattern as a small backtracking matcher over ASCII (greedy runs tried longest first, as a
    /// backtracking regex does), used whenever it can stand in: every literal and separator
    /// ASCII, no spelled-out numbers, and a printable-ASCII timestamp.
    final class ParsePlan: @unchecked Sendable { // immutable; NSRegularExpression is thread-safe
        enum Element {
            /// Case-insensitive literal text.
            case literal([UInt8])
            /// A run of `minimum...maximum` characters of a class, then `th|st|nd|rd` when `ordinal`.
            case run(CharacterClass, minimum: Int, maximum: Int, ordinal: Bool)
            /// A timezone offset: `GMT` when `gmt`, `[-+][0-9]+`, then `separator[0-9]+` when there is one.
            case offset(gmt: Bool, separator: UInt8?)
        }

        enum CharacterClass {
            case digits, letters, roman

            func contains(_ b: UInt8) -> Bool {
                switch self {
                case .digits: return b >= 0x30 && b <= 0x39
                case .letters: return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
                case .roman: return "mdclxvi".utf8.contains(b | 0x20) && (b | 0x20) >= 0x61
                }
            }
        }

        let parsers: [(Letter, (String) -> Double?)?]
        /// nil when the pattern does not compile (then the timestamp parses to nothing).
        let regex: NSRegularExpression?
        /// nil when only ``regex`` can match this picture.
        let elements: [Element]?

        init(_ picture: String) throws(JSONataError) {
            let spec = try analyse(picture)
            var regexParts: [String] = []
            var parsers: [(Letter, (String) -> Double?)?] = []
            var elements: [Element]? = []
            for part in spec {
                if let lit = part.literal {
                    regexParts.append(NSRegularExpression.escapedPattern(for: lit))
                    parsers.append(nil)
                    if lit.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { elements?.append(.literal(Array(lit.utf8))) } else { elements = nil }
                } else if part.component == "Z" || part.component == "z" {
                    let f = part.integerFormat!
                    let separator: String? = f.regular ? f.groupingSeparators.first?.character : nil
                    var r = part.component == "z" ? "GMT" : ""
                    r += "[-+][0-9]+"
                    if let separator { r += NSRegularExpression.escapedPattern(for: separator) + "[0-9]+" }
                    regexParts.append(r)
                    if let separator {
                        if separator.utf8.count == 1, let b = separator.utf8.first, b >= 0x20, b < 0x7F {
                            elements?.append(.offset(gmt: part.component == "z", separator: b))
                        } else {
                            elements = nil
                        }
                    } else {
                        elements?.append(.offset(gmt: part.component == "z", separator: nil))
                    }
                    let isZ = part.component == "z"
                    parsers.append((Letter(part.component), { value in
                        var v = value
                        if isZ { v = String(v.dropFirst(3)) }
                        var oh = 0.0, om = 0.0
                        if let separator, let r = v.range(of: separator) {
                            oh = Double(v[..<r.lowerBound].replacingOccurrences(of: "+", with: "")) ?? 0
                            om = Double(v[r.upperBound...]) ?? 0
                        } else {
                            let numDigits = v.count - 1
                            if numDigits <= 2 {
                                oh = Double(v.replacingOccurrences(of: "+", with: "")) ?? 0
                            } else {
                                oh = Double(v.prefix(3).replacingOccurrences(of: "+", with: "")) ?? 0
                                om = Double(v.dropFirst(3)) ?? 0
                            }
                        }
                        return oh * 60 + om
                    }))
                } else if var f = part.integerFormat {
                    f.n = part.n
                    let mt = try NumberFormatting.matcher(f)
                    regexParts.append(mt.regex)
                    parsers.append((Letter(part.component), mt.parse))
                    switch f.primary {
                    case .letters:
                        elements?.append(.run(.letters, minimum: 1, maximum: .max, ordinal: false))
                    case .roman:
                        elements?.append(.run(.roman, minimum: 1, maximum: .max, ordinal: false))
                    case .decimal:
                        // the matcher's occurrences: {n}, {n - optional, n} or +
                        let (minimum, maximum) = f.n > 0 ? (f.optionalDigits == 0 ? (f.n, f.n) : (f.n - f.optionalDigits, f.n)) : (1, Int.max)
                        if minimum < 0 { elements = nil } else { elements?.append(.run(.digits, minimum: minimum, maximum: maximum, ordinal: f.ordinal)) }
                    default:
                        elements = nil
                    }
                } else {
                    var lookup: [String: Double] = [:]
                    let maxW = part.width?.max
                    if part.component == "M" || part.component == "x" {
                        for (i, name) in months.enumerated() { lookup[maxW.map { String(name.prefix($0)) } ?? name] = Double(i + 1) }
                    } else if part.component == "F" {
                        for (i, name) in days.enumerated() where i > 0 { lookup[maxW.map { String(name.prefix($0)) } ?? name] = Double(i) }
                    } else if part.component == "P" {
                        lookup = ["am": 0, "AM": 0, "pm": 1, "PM": 1]
                    } else {
                        throw JSONataError("D3133", value: .string(String(part.component)))
                    }
                    regexParts.append("[a-zA-Z]+")
                    elements?.append(.run(.letters, minimum: 1, maximum: .max, ordinal: false))
                    let table = lookup
                    parsers.append((Letter(part.component), { v in table[v] ?? table.first(where: { $0.key.lowercased() == v.lowercased() })?.value }))
                }
            }
            let full = "^" + regexParts.map { "(" + $0 + ")" }.joined() + "$"
            self.parsers = parsers
            self.regex = try? NSRegularExpression(pattern: full, options: [.caseInsensitive])
            self.elements = regex == nil ? nil : elements
        }

        /// The text of each part (one capture per part), or nil when the timestamp does not match.
        func match(_ timestamp: String, regexOnly: Bool = false) -> [String]? {
            guard let regex else { return nil }
            if !regexOnly, let elements, timestamp.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                let bytes = Array(timestamp.utf8)
                var ranges = [Range<Int>](repeating: 0..<0, count: elements.count)
                guard Self.match(elements, 0, bytes, 0, &ranges) else { return nil }
                return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
            }
            let ns = timestamp as NSString
            guard let m = regex.firstMatch(in: timestamp, range: NSRange(location: 0, length: ns.length)) else { return nil }
            return (1..<m.numberOfRanges).map { i in ns.substring(with: m.range(at: i)) }
        }

        /// Matches `elements[i...]` at `bytes[position...]` through to the end, backtracking as the regex would.
        static func match(_ elements: [Element], _ i: Int, _ bytes: [UInt8], _ position: Int, _ ranges: inout [Range<Int>]) -> Bool {
            if i == elements.count { return position == bytes.count }
            func caseInsensitiveEqual(_ a: UInt8, _ b: UInt8) -> Bool {
                a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
            }
            func digitRun(from p: Int) -> Int {
                var n = 0
                while p + n < bytes.count && bytes[p + n] >= 0x30 && bytes[p + n] <= 0x39 { n += 1 }
                return n
            }
            switch elements[i] {
            case .literal(let text):
                guard position + text.count <= bytes.count else { return false }
                for k in 0..<text.count where !caseInsensitiveEqual(bytes[position + k], text[k]) { return false }
                ranges[i] = position..<(position + text.count)
                return match(elements, i + 1, bytes, position + text.count, &ranges)
            case .run(let cls, let minimum, let maximum, let ordinal):
                var n = 0
                while n < maximum && position + n < bytes.count && cls.contains(bytes[position + n]) { n += 1 }
                guard n >= minimum else { return false }
                for length in stride(from: n, through: minimum, by: -1) {
                    var end = position + length
                    if ordinal {
                        guard end + 2 <= bytes.count else { continue }
                        switch (bytes[end] | 0x20, bytes[end + 1] | 0x20) {
                        case (UInt8(ascii: "t"), UInt8(ascii: "h")), (UInt8(ascii: "s"), UInt8(ascii: "t")),
                             (UInt8(ascii: "n"), UInt8(ascii: "d")), (UInt8(ascii: "r"), UInt8(ascii: "d")): break
                        default: continue
                        }
                        end += 2
                    }
                    ranges[i] = position..<end
                    if match(elements, i + 1, bytes, end, &ranges) { return true }
                }
                return false
            case .offset(let gmt, let separator):
                var p = position
                if gmt {
                    guard p + 3 <= bytes.count, caseInsensitiveEqual(bytes[p], UInt8(ascii: "G")), caseInsensitiveEqual(bytes[p + 1], UInt8(ascii: "M")),
                          caseInsensitiveEqual(bytes[p + 2], UInt8(ascii: "T")) else { return false }
                    p += 3
                }
                guard p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") else { return false }
                p += 1
                let hours = digitRun(from: p)
                guard hours >= 1 else { return false }
                for length in stride(from: hours, through: 1, by: -1) {
                    let end = p + length
                    if let separator {
                        guard end < bytes.count, caseInsensitiveEqual(bytes[end], separator) else { continue }
                        let minutes = digitRun(from: end + 1)
                        guard minutes >= 1 else { continue }
                        for length2 in stride(from: minutes, through: 1, by: -1) {
                            ranges[i] = position..<(end + 1 + length2)
                            if match(elements, i + 1, bytes, end + 1 + length2, &ranges) { return true }
                        }
                    } else {
                        ranges[i] = position..<end
                        if match(elements, i + 1, bytes, end, &ranges) { return true }
                    }
                }
                return false
            }
        }
    }

    static let parseCache = PictureCache<ParsePlan>()

    /// A component's picture letter (`Y`, `M`, `D`, ... all ASCII) as a byte, written as a literal.
    struct Letter: Equatable, ExpressibleByUnicodeScalarLiteral {
        let value: UInt8
        init(unicodeScalarLiteral scalar: Unicode.Scalar) { value = UInt8(truncatingIfNeeded: scalar.value) }
        init(_ c: Character) { value = c.asciiValue ?? 0 }
        var character: Character { Character(Unicode.Scalar(value)) }

        static let ymd: [Letter] = ["Y", "M", "D"], yd: [Letter] = ["Y", "D"], xxwf: [Letter] = ["X", "x", "w", "F"], xwf: [Letter] = ["X", "W", "F"]
        static let hmsf: [Letter] = ["H", "m", "s", "f"], phmsf: [Letter] = ["P", "h", "m", "s", "f"]
    }

    /// The components a timestamp gives, by letter: a dictionary's interface over a fixed table,
    /// so that no Character is hashed.
    struct Components {
        private var slots = [Double?](repeating: nil, count: 128)

        subscript(c: Letter) -> Double? {
            get { slots[Int(c.value & 0x7F)] }
            set { slots[Int(c.value & 0x7F)] = newValue }
        }

        var isEmpty: Bool { !slots.contains { $0 != nil } }
        var values: [Double] { slots.compactMap { $0 } }
    }

    static let dateLetters: [Letter] = ["Y", "X", "M", "x", "W", "w", "d", "D"], timeLetters: [Letter] = ["P", "H", "h", "m", "s", "f"]

    static func parse(_ timestamp: String, picture: String, now: Double = Date().timeIntervalSince1970 * 1000) throws(JSONataError) -> Double? {
        let plan: ParsePlan
        if let cached = parseCache[picture] { plan = cached } else { plan = try ParsePlan(picture); parseCache[picture] = plan }
        guard let captures = plan.match(timestamp) else { return nil }
        var components = Components()
        for (i, text) in captures.enumerated() {
            guard let (component, parse) = plan.parsers[i] else { continue }
            if let v = parse(text) { components[component] = v } else { components[component] = .nan }
        }
        if components.isEmpty { return nil }
        var mask = 0
        func shift(_ c: Letter) {
            mask <<= 1
            if let v = components[c], v != 0, !v.isNaN { mask += 1 }
        }
        func isType(_ t: Int) -> Bool { (~t & mask) == 0 && (t & mask) != 0 }
        for c in dateLetters { shift(c) }
        let dateA = isType(161)
        let dateB = !dateA && isType(130)
        let dateC = isType(84)
        let dateD = !dateC && isType(72)
        mask = 0
        for c in timeLetters { shift(c) }
        let timeA = isType(23)
        let timeB = !timeA && isType(47)
        let dateComps: [Letter] = dateB ? Letter.yd : dateC ? Letter.xxwf : dateD ? Letter.xwf : Letter.ymd
        let timeComps: [Letter] = timeB ? Letter.phmsf : Letter.hmsf
        let nowDate = UTCDate(now)
        var startSpecified = false, endSpecified = false
        for comps in [dateComps, timeComps] { for part in comps {
            if components[part] == nil {
                if startSpecified {
                    components[part] = part == "M" || part == "D" || part == "d" ? 1 : 0
                    endSpecified = true
                } else if case .number(let n)? = fragment(nowDate, part.character) {
                    components[part] = n
                } else {
                    components[part] = 0
                }
            } else {
                startSpecified = true
                if endSpecified { throw JSONataError("D3136") }
            }
        } }
        // a year, month or day this large is past any JavaScript date (Date.UTC gives NaN)
        let calendarFields: [Letter] = ["Y", "M", "D", "d"]
        for key in calendarFields { if let v = components[key], v.isNaN || abs(v) > 1e9 { return nil } }
        if let mo = components["M"], mo > 0 { components["M"] = mo - 1 } else { components["M"] = 0 }
        if dateB {
            let firstJan = utc(Int(components["Y"]!), 0)
            let derived = UTCDate(firstJan + (components["d"]! - 1) * millisInADay)
            components["M"] = Double(derived.month)
            components["D"] = Double(derived.day)
        }
        if dateC || dateD { throw JSONataError("D3136") }
        if timeB {
            components["H"] = components["h"] == 12 ? 0 : components["h"]
            if components["P"] == 1 { components["H"]! += 12 }
        }
        let c = components
        for v in c.values where v.isNaN { return nil }
        var millis = utc(Int(c["Y"] ?? 0), Int(c["M"] ?? 0), Int(c["D"] ?? 1), c["H"] ?? 0, c["m"] ?? 0, c["s"] ?? 0, c["f"] ?? 0)
        if let z = c["Z"] ?? c["z"], z != 0 { millis -= z * 60_000 }
        return millis
    }
}

/// Analysed picture strings, shared by all evaluations and threads (under a lock; bounded: cleared
/// when it grows past 256 entries). The last picture found is checked first: an expression's
/// picture is usually the same string literal every time, which compares equal without hashing.
final class PictureCache<Value>: @unchecked Sendable {
    private var entries: [String: Value] = [:]
    private var last: (picture: String, value: Value)? = nil
    private let lock = NSLock()

    subscript(picture: String) -> Value? {
        get {
            lock.lock(); defer { lock.unlock() }
            if let last, last.picture == picture { return last.value }
            guard let value = entries[picture] else { return nil }
            last = (picture, value)
            return value
        }
        set {
            lock.lock(); defer { lock.unlock() }
            if entries.count > 256 { entries.removeAll() }
            entries[picture] = newValue
            last = newValue.map { (picture, $0) }
        }
    }
}
