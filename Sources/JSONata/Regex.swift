/// JSONata's regular expressions: an ECMAScript (JavaScript `RegExp`, without the `u` flag) engine
/// of our own, so that matches, positions and captures are those jsonata-js reports.
///
/// - ``RegexCompiler`` parses a pattern into a tree and compiles it to a ``RegexProgram``: an array
///   of ``RegexOp``s, once per regex literal, at parse time.
/// - ``RegexMatcher`` runs a program over a string's UTF-16 code units (or, when the string is
///   ASCII, over its UTF-8 bytes, which are then the same units) with an explicit backtrack stack,
///   so no input is long enough to overflow the thread's stack; long backtracking checks the
///   evaluator's time limit and fails with its `U1001`.
/// - ``JRegex`` is the compiled literal a JSONata expression holds, with what the functions
///   (`$match`, `$replace`, `$split`, `$contains`, a regex called as a function) need.
final class JRegex: Sendable {
    /// The pattern as written, between the slashes.
    let pattern: String
    let program: RegexProgram

    init(pattern: String, flags: String) throws(RegexCompiler.SyntaxError) {
        self.pattern = pattern
        program = try RegexCompiler.compile(pattern, ignoreCase: flags.contains("i"), multiline: flags.contains("m"))
    }

    var groupCount: Int { program.groupCount }

    /// One match: UTF-16 offsets, the matched text and each group's (nil: it did not participate).
    struct Match {
        var start: Int
        var end: Int
        var match: String
        var groups: [String?]
    }

    /// Up to `limit` successive matches from `from` on, each search starting where the last match
    /// ended, as jsonata-js walks a regex's `next()`: an empty match after the first is an error
    /// (`D1004`), and a search starting at the end of the string finds nothing.
    func matches(in s: String, from: Int = 0, limit: Int?, evaluator: Evaluator?) throws(JSONataError) -> [Match] {
        try withMatcher(s, evaluator,
                        { m throws(JSONataError) in try m.collect(from: from, limit: limit, pattern: pattern) },
                        { m throws(JSONataError) in try m.collect(from: from, limit: limit, pattern: pattern) })
    }

    /// The capture slots of the first match at or after `from` (start and end of group 0, 1, ...;
    /// -1 for a group that did not participate), or nil.
    func captureOffsets(in s: String, from: Int = 0, evaluator: Evaluator? = nil) throws(JSONataError) -> [Int]? {
        try withMatcher(s, evaluator,
                        { m throws(JSONataError) in try m.firstMatch(from: from) ? m.captureOffsets : nil },
                        { m throws(JSONataError) in try m.firstMatch(from: from) ? m.captureOffsets : nil })
    }

    /// `$replace(s, regex, template)` with a string template: `$0`, `$1`.., `$$` substituted as
    /// jsonata-js does, without building match objects.
    func replace(in s: String, template: String, limit: Int?, evaluator: Evaluator?) throws(JSONataError) -> String {
        var template = template
        let result: Result<String, JSONataError> = template.withUTF8 { t in
            do throws(JSONataError) {
                return .success(try withMatcher(s, evaluator,
                                                { m throws(JSONataError) in try m.replace(t, limit: limit, pattern: pattern) },
                                                { m throws(JSONataError) in try m.replace(t, limit: limit, pattern: pattern) }))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Runs `body` with a matcher over `s`: its UTF-8 bytes when they are all ASCII, else its UTF-16 code units.
    private func withMatcher<R>(_ s: String, _ evaluator: Evaluator?,
                                _ body: (inout RegexMatcher<UInt8>) throws(JSONataError) -> R,
                                _ body16: (inout RegexMatcher<UInt16>) throws(JSONataError) -> R) throws(JSONataError) -> R {
        var s = s
        let result8: Result<R, JSONataError>? = s.withUTF8 { bytes in
            guard RegexMatcher<UInt8>.isASCII(bytes) else { return nil }
            var m = RegexMatcher(program, bytes, evaluator)
            do throws(JSONataError) { return .success(try body(&m)) } catch { return .failure(error) }
        }
        if let result8 { return try result8.get() }
        let units = Array(s.utf16)
        let result: Result<R, JSONataError> = units.withUnsafeBufferPointer { buffer in
            var m = RegexMatcher(program, buffer, evaluator)
            do throws(JSONataError) { return .success(try body16(&m)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// A compiled pattern: instructions and the facts the matcher uses to skip start positions.
struct RegexProgram: Sendable {
    var ops: [RegexOp]
    /// The character classes the ops name by index.
    var sets: [RegexCharSet]
    /// Each set's answer for the ASCII units, negation and case included: two 64-bit words per set.
    var asciiBitmaps: [UInt64]
    /// The literal runs that ``RegexOp/string(_:)`` names by index.
    var strings: [[UInt16]]
    var groupCount: Int
    /// Each group's name (nil: unnamed), by group number minus one.
    var groupNames: [String?]
    /// Loop counters and loop start positions (two per general loop).
    var registerCount: Int
    var ignoreCase: Bool
    var multiline: Bool
    /// The units a match can start with (nil: any, or the match may be empty).
    var firstUnits: RegexFirstUnits?
    /// `^` starts every alternative (without the `m` flag): only position 0 can match.
    var anchoredAtStart: Bool
}

/// One step of a ``RegexProgram``. Positions are code-unit offsets; capture slots `2g` and `2g+1`
/// hold group `g`'s start and end (group 0 is the whole match).
enum RegexOp: Sendable {
    /// One unit that passes the test, moving right (or, in a lookbehind, left).
    case one(RegexUnitTest)
    case oneBackward(RegexUnitTest)
    /// These exact units (``RegexProgram/strings``[i]), moving right.
    case string(Int)
    /// A single-unit test repeated `min...max` times, greedily or lazily, without captures inside:
    /// one backtrack entry for the whole run. `follow` (-1: none) is the unit the next op needs,
    /// so a greedy run only stops (and gives back units) where that unit is.
    case greedy(RegexUnitTest, min: Int, max: Int, follow: Int)
    case lazy(RegexUnitTest, min: Int, max: Int)
    /// Go on at the first, and on backtracking at the second.
    case split(Int, Int)
    case jump(Int)
    case save(Int)
    case backreference(Int, backward: Bool)
    case lineStart, lineEnd
    case wordBoundary(negate: Bool)
    /// A lookaround whose body starts at the next op and ends with `succeed`; `end` is the op after.
    /// It is atomic: once it succeeds, it is not backtracked into. `captures`: the slots inside.
    case look(end: Int, negate: Bool, captures: Range<Int>)
    /// The end of the program or of a lookaround's body.
    case succeed
    /// A general loop (register r: iterations done; r+1: where the iteration started).
    case loopInit(Int)
    case loopHead(Int, min: Int, max: Int, greedy: Bool, exit: Int)
    /// The start of an iteration: remembers the position and resets the captures inside (as JS does).
    case loopBody(Int, captures: Range<Int>)
    /// The end of an iteration: an optional iteration (beyond `min`) that matched empty fails.
    case loopTail(Int, min: Int, head: Int)
}

/// What a single-unit op accepts. (The ops are plain values, copied without reference counting.)
enum RegexUnitTest: Sendable {
    case unit(UInt16)
    /// A unit whose canonical form (JS's Canonicalize for the `i` flag) is this.
    case unitIgnoringCase(UInt16)
    /// A member of ``RegexProgram/sets``[i].
    case set(Int)
    /// Anything (`[^]`).
    case any
}

/// The first units of a match: an ASCII bitmap, and whether a non-ASCII unit may start one.
struct RegexFirstUnits: Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var nonASCII = false

    mutating func insert(_ u: UInt16) {
        if u < 64 { low |= 1 << UInt64(u) } else if u < 128 { high |= 1 << UInt64(u - 64) } else { nonASCII = true }
    }

    @inline(__always) func contains(_ u: UInt16) -> Bool {
        if u < 64 { return low & (1 << UInt64(u)) != 0 }
        if u < 128 { return high & (1 << UInt64(u - 64)) != 0 }
        return nonASCII
    }
}

/// A character class over UTF-16 code units: an ASCII bitmap and sorted ranges above ASCII,
/// possibly negated.
struct RegexCharSet: Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    /// Ranges of units >= 128, sorted and disjoint once ``normalize()`` ran.
    var ranges: [ClosedRange<UInt16>] = []
    var negated = false

    init() {}

    init(_ list: [ClosedRange<UInt16>]) {
        for r in list { add(r) }
    }

    mutating func add(_ r: ClosedRange<UInt16>) {
        var lo = r.lowerBound
        while lo < 128 && lo <= r.upperBound {
            if lo < 64 { low |= 1 << UInt64(lo) } else { high |= 1 << UInt64(lo - 64) }
            lo += 1
        }
        if lo <= r.upperBound && lo >= 128 { ranges.append(lo...r.upperBound); normalize() }
    }

    /// Adds the members of `other`, which is not negated (class escapes are built explicitly).
    mutating func formUnion(_ other: RegexCharSet) {
        low |= other.low
        high |= other.high
        ranges += other.ranges
        normalize()
    }

    private mutating func normalize() {
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt16>] = []
        for r in ranges {
            if let last = merged.last, Int(r.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        ranges = merged
    }

    /// The complement, explicit (not ``negated``).
    var inverted: RegexCharSet {
        var s = RegexCharSet()
        s.low = ~low
        s.high = ~high
        var next: UInt16 = 128
        for r in ranges {
            if r.lowerBound > next { s.ranges.append(next...(r.lowerBound - 1)) }
            if r.upperBound == 0xFFFF { return s }
            next = r.upperBound + 1
        }
        s.ranges.append(next...0xFFFF)
        return s
    }

    /// Whether `u` is a member, before negation.
    @inline(__always) func has(_ u: UInt16) -> Bool {
        if u < 64 { return low & (1 << UInt64(u)) != 0 }
        if u < 128 { return high & (1 << UInt64(u - 64)) != 0 }
        for r in ranges {
            if u < r.lowerBound { return false }
            if u <= r.upperBound { return true }
        }
        return false
    }

    /// Whether the class accepts `u`. With `ignoreCase` (ECMAScript: some member has `u`'s
    /// canonical form), the ASCII bitmap is already closed over case (``closeOverASCIICase()``:
    /// ASCII and non-ASCII units never share a canonical form); a non-ASCII unit is tried with
    /// every unit of its canonical form (``RegexCaseTable``).
    func matches(_ u: UInt16, ignoreCase: Bool) -> Bool {
        if u < 128 || !ignoreCase { return has(u) != negated }
        if has(u) { return !negated }
        let table = RegexCaseTable.shared
        if let group = table.groups[table.canonical[Int(u)]] {
            for m in group where has(m) { return !negated }
        }
        return negated
    }

    /// Whether `u` is accepted, for the analysis of first units (ASCII only).
    func contains(_ u: UInt16) -> Bool { has(u) != negated }

    /// Adds the other case of each ASCII letter in the set.
    mutating func closeOverASCIICase() {
        for u in UInt16(0x41)...0x5A where has(u) || has(u + 32) { add(u...u); add((u + 32)...(u + 32)) }
    }

    // MARK: - the sets of class escapes and `.`

    static let digit = RegexCharSet([0x30...0x39])
    static let word = RegexCharSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// JavaScript's WhiteSpace and LineTerminator.
    static let space = RegexCharSet([0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
                                     0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF])
    static let lineTerminators = RegexCharSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])
    static let dot = lineTerminators.inverted

    @inline(__always) static func isLineTerminator(_ u: UInt16) -> Bool {
        u == 0x0A || u == 0x0D || u == 0x2028 || u == 0x2029
    }

    @inline(__always) static func isWord(_ u: UInt16) -> Bool {
        (u >= 0x61 && u <= 0x7A) || (u >= 0x41 && u <= 0x5A) || (u >= 0x30 && u <= 0x39) || u == 0x5F
    }

    /// The other case of an ASCII letter (else `u`).
    static func otherCase(_ u: UInt16) -> UInt16 {
        if u >= 0x41 && u <= 0x5A { return u + 32 }
        if u >= 0x61 && u <= 0x7A { return u - 32 }
        return u
    }

    /// ECMAScript's Canonicalize without the `u` flag: the simple uppercase of a unit, unless it is
    /// more than one unit or would take a non-ASCII unit to ASCII.
    @inline(__always) static func canonicalize(_ u: UInt16) -> UInt16 {
        if u < 128 { return u >= 0x61 && u <= 0x7A ? u - 32 : u }
        return canonicalizeNonASCII(u)
    }

    static func canonicalizeNonASCII(_ u: UInt16) -> UInt16 {
        RegexCaseTable.shared.canonical[Int(u)]
    }
}

/// ECMAScript's Canonicalize (without `u`) for every UTF-16 unit, and the non-ASCII units that
/// share a canonical form (`σ`, `ς` and `Σ`; `µ` and `μ`...), which a case-insensitive class
/// tries. Built once, when a case-insensitive regex first meets a non-ASCII unit.
final class RegexCaseTable: Sendable {
    static let shared = RegexCaseTable()

    let canonical: [UInt16]
    /// By canonical form: the units that have it, when there are several.
    let groups: [UInt16: [UInt16]]

    private init() {
        var canonical = (0...0xFFFF).map { UInt16($0) }
        var groups: [UInt16: [UInt16]] = [:]
        for u in 0x80...0xFFFF {
            guard let scalar = Unicode.Scalar(UInt32(u)) else { continue } // a surrogate
            let value = scalar.value
            // quick exits for what has no case mapping at all
            guard scalar.properties.changesWhenUppercased || scalar.properties.changesWhenLowercased else { continue }
            let upper = scalar.properties.uppercaseMapping.utf16
            if upper.count == 1, let v = upper.first, v >= 128 { canonical[Int(value)] = v }
            groups[canonical[Int(value)], default: []].append(UInt16(value))
        }
        for (c, members) in groups where !members.contains(c) && canonical[Int(c)] == c {
            groups[c] = members + [c]
        }
        self.canonical = canonical
        self.groups = groups.filter { $0.value.count > 1 }
    }
}
