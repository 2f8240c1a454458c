/// Parses an ECMAScript regular expression (the syntax of JavaScript's `RegExp` without the `u`
/// flag, Annex B included, as jsonata-js 2.0.6 hands its regex literals to `new RegExp`) into a
/// ``RegexNode`` tree, then compiles that tree into the instruction array of a ``RegexProgram``.
///
/// Annex B's leniencies are kept: a `{` that does not start a quantifier, a lone `]` or `}`, an
/// identity escape of any character but `c` (and `k` when the pattern names a group), `\8` and
/// `\9`, legacy octal escapes (also `\N` beyond the number of groups), `\c` not followed by a
/// letter (a backslash), `[\d-z]` (the `-` is literal), and quantified lookaheads.
struct RegexCompiler {
    /// Why a pattern was refused, in JavaScript's words where they are short.
    struct SyntaxError: Error { var message: String }

    private let units: [UInt16]
    private var position = 0
    private let ignoreCase: Bool
    private let multiline: Bool
    /// Capturing groups in the whole pattern (a backreference may point forward).
    private var totalGroups = 0
    /// Group names, by group number minus one (nil: unnamed).
    private var names: [String?] = []
    /// Groups opened so far while parsing.
    private var groupsOpened = 0
    /// How many groups and lookarounds enclose the parse position: bounded (``maxNesting``), as
    /// parsing, analysis and emission recurse once per level.
    private var nesting = 0
    static let maxNesting = 256

    /// Compiles `pattern` with the flags `i` and/or `m`.
    static func compile(_ pattern: String, ignoreCase: Bool, multiline: Bool) throws(SyntaxError) -> RegexProgram {
        var parser = RegexCompiler(units: Array(pattern.utf16), ignoreCase: ignoreCase, multiline: multiline)
        try parser.prescan()
        let tree = try parser.parseDisjunction()
        if parser.position < parser.units.count {
            // only an unmatched `)` stops a disjunction early
            throw SyntaxError(message: "Unmatched ')'")
        }
        var emitter = RegexEmitter(ignoreCase: ignoreCase)
        emitter.emitProgram(tree)
        var bitmaps: [UInt64] = []
        for set in emitter.sets {
            var low: UInt64 = 0, high: UInt64 = 0
            for u in UInt16(0)..<128 where set.contains(u) {
                if u < 64 { low |= 1 << UInt64(u) } else { high |= 1 << UInt64(u - 64) }
            }
            bitmaps += [low, high]
        }
        return RegexProgram(ops: emitter.ops, sets: emitter.sets, asciiBitmaps: bitmaps, strings: emitter.strings,
                            groupCount: parser.totalGroups,
                            groupNames: parser.names, registerCount: emitter.registers,
                            ignoreCase: ignoreCase, multiline: multiline,
                            firstUnits: RegexAnalysis.firstUnits(tree, ignoreCase: ignoreCase),
                            anchoredAtStart: !multiline && RegexAnalysis.anchoredAtStart(tree))
    }

    private init(units: [UInt16], ignoreCase: Bool, multiline: Bool) {
        self.units = units
        self.ignoreCase = ignoreCase
        self.multiline = multiline
    }

    // MARK: - prescan

    /// Counts the capturing groups and collects their names, skipping escapes and classes.
    private mutating func prescan() throws(SyntaxError) {
        var i = 0
        var inClass = false
        while i < units.count {
            let c = units[i]
            if c == 0x5C { i += 2; continue } // backslash
            if inClass {
                if c == 0x5D { inClass = false }
            } else if c == 0x5B {
                inClass = true
            } else if c == 0x28 { // (
                if i + 1 < units.count, units[i + 1] == 0x3F { // ?
                    if i + 2 < units.count, units[i + 2] == 0x3C, i + 3 < units.count, units[i + 3] != 0x3D, units[i + 3] != 0x21 {
                        var j = i + 3
                        var name: [UInt16] = []
                        while j < units.count, units[j] != 0x3E { name.append(units[j]); j += 1 }
                        let n = String(decoding: name, as: UTF16.self)
                        if names.contains(n) { throw SyntaxError(message: "Duplicate capture group name") }
                        names.append(n)
                        totalGroups += 1
                    }
                } else {
                    names.append(nil)
                    totalGroups += 1
                }
            }
            i += 1
        }
    }

    private var hasNamedGroups: Bool { names.contains { $0 != nil } }

    // MARK: - parsing

    private func peek(_ offset: Int = 0) -> UInt16? {
        position + offset < units.count ? units[position + offset] : nil
    }

    private mutating func parseDisjunction() throws(SyntaxError) -> RegexNode {
        var alternatives = [try parseAlternative()]
        while peek() == 0x7C { // |
            position += 1
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(SyntaxError) -> RegexNode {
        var terms: [RegexNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    private mutating func parseTerm() throws(SyntaxError) -> RegexNode {
        let c = peek()!
        var atom: RegexNode
        var quantifiable = true
        let groupsBefore = groupsOpened
        switch c {
        case 0x5E: position += 1; atom = .lineStart; quantifiable = false // ^
        case 0x24: position += 1; atom = .lineEnd; quantifiable = false // $
        case 0x28: // (
            position += 1
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= RegexCompiler.maxNesting else { throw SyntaxError(message: "Regular expression too deeply nested") }
            if peek() == 0x3F { // ?
                switch peek(1) {
                case 0x3A: // (?:
                    position += 2
                    atom = .group(try parseDisjunction(), capture: nil)
                case 0x3D, 0x21: // (?= (?!
                    let negate = peek(1) == 0x21
                    position += 2
                    atom = .look(try parseDisjunction(), ahead: true, negate: negate)
                case 0x3C where peek(2) == 0x3D || peek(2) == 0x21: // (?<= (?<!
                    let negate = peek(2) == 0x21
                    position += 3
                    atom = .look(try parseDisjunction(), ahead: false, negate: negate)
                    quantifiable = false
                case 0x3C: // (?<name>
                    position += 2
                    let name = try parseGroupName()
                    guard name.isValidGroupName else { throw SyntaxError(message: "Invalid capture group name") }
                    groupsOpened += 1
                    let index = groupsOpened
                    atom = .group(try parseDisjunction(), capture: index)
                default:
                    throw SyntaxError(message: "Invalid group")
                }
            } else {
                groupsOpened += 1
                let index = groupsOpened
                atom = .group(try parseDisjunction(), capture: index)
            }
            guard peek() == 0x29 else { throw SyntaxError(message: "Unterminated group") }
            position += 1
        case 0x2E: position += 1; atom = .set(.dot) // .
        case 0x5B: atom = try parseClass()
        case 0x5C: // backslash
            (atom, quantifiable) = try parseAtomEscape()
        case 0x2A, 0x2B, 0x3F: throw SyntaxError(message: "Nothing to repeat")
        case 0x7B: // {
            if quantifierAhead() { throw SyntaxError(message: "Nothing to repeat") }
            position += 1
            atom = .unit(c)
        default:
            position += 1
            atom = .unit(c)
        }
        guard let (min, max, greedy) = try parseQuantifier() else { return atom }
        guard quantifiable else { throw SyntaxError(message: "Nothing to repeat") }
        return .quantified(atom, min: min, max: max, greedy: greedy, groups: (groupsBefore + 1)..<(groupsOpened + 1))
    }

    /// Whether a braced quantifier `{n}`, `{n,}` or `{n,m}` starts here.
    private func quantifierAhead() -> Bool {
        var i = position + 1
        var digits = 0
        while i < units.count, units[i].isDigit { i += 1; digits += 1 }
        guard digits > 0, i < units.count else { return false }
        if units[i] == 0x7D { return true }
        guard units[i] == 0x2C else { return false }
        i += 1
        while i < units.count, units[i].isDigit { i += 1 }
        return i < units.count && units[i] == 0x7D
    }

    private mutating func parseQuantifier() throws(SyntaxError) -> (Int, Int, Bool)? {
        guard let c = peek() else { return nil }
        var min = 0, max = Int.max
        switch c {
        case 0x2A: position += 1
        case 0x2B: position += 1; min = 1
        case 0x3F: position += 1; max = 1
        case 0x7B:
            guard quantifierAhead() else { return nil }
            position += 1
            min = readNumber()
            if peek() == 0x2C {
                position += 1
                max = peek() == 0x7D ? Int.max : readNumber()
            } else {
                max = min
            }
            position += 1 // }
            if max < min { throw SyntaxError(message: "numbers out of order in {} quantifier") }
        default: return nil
        }
        var greedy = true
        if peek() == 0x3F { position += 1; greedy = false }
        if let n = peek(), n == 0x2A || n == 0x2B || n == 0x3F || (n == 0x7B && quantifierAhead()) {
            throw SyntaxError(message: "Nothing to repeat")
        }
        return (min, max, greedy)
    }

    /// Decimal digits, saturating (`{99999999999999999999}` is a valid, huge count).
    private mutating func readNumber() -> Int {
        var n = 0
        while let d = peek(), d.isDigit {
            n = n > Int.max / 20 ? Int.max / 2 : n * 10 + Int(d - 0x30)
            position += 1
        }
        return n
    }

    private mutating func parseGroupName() throws(SyntaxError) -> String {
        var name: [UInt16] = []
        while let c = peek(), c != 0x3E { name.append(c); position += 1 }
        guard peek() == 0x3E, !name.isEmpty else { throw SyntaxError(message: "Invalid capture group name") }
        position += 1
        return String(decoding: name, as: UTF16.self)
    }

    /// An escape outside a class: the node, and whether a quantifier may follow it.
    private mutating func parseAtomEscape() throws(SyntaxError) -> (RegexNode, Bool) {
        position += 1
        guard let c = peek() else { throw SyntaxError(message: "\\ at end of pattern") }
        switch c {
        case 0x62: position += 1; return (.wordBoundary(negate: false), false) // \b
        case 0x42: position += 1; return (.wordBoundary(negate: true), false) // \B
        case 0x31...0x39: // \1..\9: a backreference if there are that many groups
            let start = position
            let n = readNumber()
            if n <= totalGroups { return (.backreference(n), true) }
            position = start
            if c >= 0x38 { position += 1; return (.unit(c), true) } // \8 \9: identity
            return (.unit(readOctal()), true)
        case 0x6B where hasNamedGroups: // \k<name>
            position += 1
            guard peek() == 0x3C else { throw SyntaxError(message: "Invalid named reference") }
            position += 1
            let name = try parseGroupName()
            guard let index = names.firstIndex(of: name) else { throw SyntaxError(message: "Invalid named capture referenced") }
            return (.backreference(index + 1), true)
        default:
            let (set, unit) = try parseCharacterEscape(inClass: false)
            if let set { return (.set(set), true) }
            return (.unit(unit), true)
        }
    }

    /// Up to three octal digits (at most 0o377), at `position`.
    private mutating func readOctal() -> UInt16 {
        var value: UInt16 = 0
        var count = 0
        while let d = peek(), d >= 0x30, d <= 0x37, count < 3, value * 8 + (d - 0x30) <= 0o377 {
            value = value * 8 + (d - 0x30)
            position += 1
            count += 1
        }
        return value
    }

    /// The escapes shared by atoms and classes (`position` is after the backslash): a class
    /// escape (`\d`...) gives a set, any other a code unit.
    private mutating func parseCharacterEscape(inClass: Bool) throws(SyntaxError) -> (RegexCharSet?, UInt16) {
        let c = peek()!
        position += 1
        switch c {
        case 0x64: return (.digit, 0) // d
        case 0x44: return (RegexCharSet.digit.inverted, 0)
        case 0x77: return (.word, 0) // w
        case 0x57: return (RegexCharSet.word.inverted, 0)
        case 0x73: return (.space, 0) // s
        case 0x53: return (RegexCharSet.space.inverted, 0)
        case 0x74: return (nil, 0x09) // t
        case 0x6E: return (nil, 0x0A) // n
        case 0x76: return (nil, 0x0B) // v
        case 0x66: return (nil, 0x0C) // f
        case 0x72: return (nil, 0x0D) // r
        case 0x62 where inClass: return (nil, 0x08) // [\b]: backspace
        case 0x2D where inClass: return (nil, 0x2D)
        case 0x30...0x37: // \0 and legacy octal
            position -= 1
            if c == 0x30, !(peek(1).map { $0 >= 0x30 && $0 <= 0x37 } ?? false) { position += 1; return (nil, 0) }
            return (nil, readOctal())
        case 0x63: // \cX
            if let x = peek(), (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A {
                position += 1
                return (nil, x % 32)
            }
            if inClass, let x = peek(), x.isDigit || x == 0x5F {
                position += 1
                return (nil, x % 32)
            }
            position -= 1 // a backslash, then `c` as it is
            return (nil, 0x5C)
        case 0x78: // \xHH
            if let v = hexValue(2) { return (nil, v) }
            return (nil, c)
        case 0x75: // \uHHHH
            if let v = hexValue(4) { return (nil, v) }
            return (nil, c)
        default:
            return (nil, c) // identity escape
        }
    }

    private mutating func hexValue(_ digits: Int) -> UInt16? {
        guard position + digits <= units.count else { return nil }
        var v: UInt16 = 0
        for i in 0..<digits {
            guard let d = units[position + i].hexDigitValue else { return nil }
            v = v << 4 | d
        }
        position += digits
        return v
    }

    private mutating func parseClass() throws(SyntaxError) -> RegexNode {
        position += 1
        var set = RegexCharSet()
        if peek() == 0x5E { set.negated = true; position += 1 }
        while true {
            guard let c = peek() else { throw SyntaxError(message: "Unterminated character class") }
            if c == 0x5D { position += 1; break }
            let (lowSet, low) = try parseClassAtom()
            if peek() == 0x2D, let next = peek(1), next != 0x5D {
                position += 1 // -
                let (highSet, high) = try parseClassAtom()
                if lowSet != nil || highSet != nil {
                    // Annex B: a class escape on either side makes the `-` literal
                    if let lowSet { set.formUnion(lowSet) } else { set.add(low...low) }
                    set.add(0x2D...0x2D)
                    if let highSet { set.formUnion(highSet) } else { set.add(high...high) }
                    continue
                }
                guard low <= high else { throw SyntaxError(message: "Range out of order in character class") }
                set.add(low...high)
                continue
            }
            if let lowSet { set.formUnion(lowSet) } else { set.add(low...low) }
        }
        return .set(set)
    }

    private mutating func parseClassAtom() throws(SyntaxError) -> (RegexCharSet?, UInt16) {
        let c = peek()!
        if c == 0x5C {
            position += 1
            guard peek() != nil else { throw SyntaxError(message: "\\ at end of pattern") }
            return try parseCharacterEscape(inClass: true)
        }
        position += 1
        return (nil, c)
    }
}

extension UInt16 {
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var hexDigitValue: UInt16? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }
}

extension String {
    /// An identifier, as a group name must be (letters, digits, `$` and `_`; not starting with a digit).
    var isValidGroupName: Bool {
        guard let first = unicodeScalars.first, !(first.properties.numericType != nil && first.isASCII) else { return false }
        return unicodeScalars.allSatisfy { $0 == "$" || $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType == .decimal || $0 == "\u{200C}" || $0 == "\u{200D}" }
    }
}

/// A parsed pattern.
indirect enum RegexNode {
    case empty
    case unit(UInt16)
    case set(RegexCharSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// A group, capturing as `capture` (a group number) or not.
    case group(RegexNode, capture: Int?)
    case backreference(Int)
    case lineStart, lineEnd
    case wordBoundary(negate: Bool)
    case look(RegexNode, ahead: Bool, negate: Bool)
    /// `groups`: the numbers of the capturing groups inside, reset at each iteration.
    case quantified(RegexNode, min: Int, max: Int, greedy: Bool, groups: Range<Int>)
}

/// Facts about a tree that let the matcher skip start positions.
enum RegexAnalysis {
    /// The code units a match can start with, as an ASCII bitmap plus whether any non-ASCII unit
    /// may; nil when a match may be empty or start with anything.
    static func firstUnits(_ node: RegexNode, ignoreCase: Bool) -> RegexFirstUnits? {
        var first = RegexFirstUnits()
        guard add(node, to: &first, ignoreCase: ignoreCase) == false else { return nil }
        if first.low == ~0 && first.high == ~0 && first.nonASCII { return nil }
        return first
    }

    /// Adds what `node` can start with; returns whether `node` can match empty (or gives up: nil).
    private static func add(_ node: RegexNode, to first: inout RegexFirstUnits, ignoreCase: Bool) -> Bool? {
        switch node {
        case .empty, .lineStart, .lineEnd, .wordBoundary, .look: return true
        case .backreference: return nil
        case .unit(let u):
            if u < 128 {
                first.insert(u)
                if ignoreCase { first.insert(RegexCharSet.otherCase(u)) }
            } else {
                first.nonASCII = true
            }
            return false
        case .set(var s):
            if ignoreCase { s.closeOverASCIICase() }
            for u in UInt16(0)..<128 where s.contains(u) { first.insert(u) }
            if s.negated || !s.ranges.isEmpty { first.nonASCII = true } // (a negated set may hold non-ASCII)
            return false
        case .sequence(let items):
            for item in items {
                guard let nullable = add(item, to: &first, ignoreCase: ignoreCase) else { return nil }
                if !nullable { return false }
            }
            return true
        case .alternation(let alternatives):
            var nullable = false
            for a in alternatives {
                guard let n = add(a, to: &first, ignoreCase: ignoreCase) else { return nil }
                nullable = nullable || n
            }
            return nullable
        case .group(let inner, _): return add(inner, to: &first, ignoreCase: ignoreCase)
        case .quantified(let inner, let min, let max, _, _):
            if max == 0 { return true }
            guard let n = add(inner, to: &first, ignoreCase: ignoreCase) else { return nil }
            return n || min == 0
        }
    }

    /// Whether every alternative starts with `^`.
    static func anchoredAtStart(_ node: RegexNode) -> Bool {
        switch node {
        case .lineStart: return true
        case .sequence(let items): return items.first.map(anchoredAtStart) ?? false
        case .alternation(let alternatives): return alternatives.allSatisfy(anchoredAtStart)
        case .group(let inner, _): return anchoredAtStart(inner)
        default: return false
        }
    }
}

/// Turns a ``RegexNode`` tree into ``RegexOp``s. Lookbehind bodies are compiled backward (right to
/// left), as JavaScript matches them.
struct RegexEmitter {
    let ignoreCase: Bool
    var ops: [RegexOp] = []
    var sets: [RegexCharSet] = []
    var strings: [[UInt16]] = []
    var registers = 0

    init(ignoreCase: Bool) { self.ignoreCase = ignoreCase }

    /// The program: the pattern, then `succeed` (the matcher sets group 0 itself).
    mutating func emitProgram(_ node: RegexNode) {
        emit(node, backward: false)
        ops.append(.succeed)
        // a greedy run followed by a literal unit: only stop where that unit is
        for i in ops.indices {
            guard case .greedy(let t, let min, let max, _) = ops[i] else { continue }
            switch ops[i + 1] {
            case .one(.unit(let u)): ops[i] = .greedy(t, min: min, max: max, follow: Int(u))
            case .string(let s): ops[i] = .greedy(t, min: min, max: max, follow: Int(strings[s][0]))
            default: break
            }
        }
    }

    private mutating func test(for node: RegexNode) -> RegexUnitTest? {
        switch node {
        case .unit(let u):
            if ignoreCase, RegexCharSet.canonicalize(u) != u || RegexCharSet.otherCase(u) != u || u >= 128 {
                return .unitIgnoringCase(RegexCharSet.canonicalize(u))
            }
            return .unit(u)
        case .set(let s):
            if s.negated && s.ranges.isEmpty && s.low == 0 && s.high == 0 { return .any }
            var s = s
            if ignoreCase { s.closeOverASCIICase() }
            sets.append(s)
            return .set(sets.count - 1)
        case .group(let inner, nil): return test(for: inner)
        default: return nil
        }
    }

    private mutating func emit(_ node: RegexNode, backward: Bool) {
        switch node {
        case .empty: break
        case .unit, .set:
            let t = test(for: node)!
            ops.append(backward ? .oneBackward(t) : .one(t))
        case .sequence(let items):
            if backward {
                for item in items.reversed() { emit(item, backward: true) }
            } else {
                // runs of plain code units become one string comparison
                var run: [UInt16] = []
                func flush(_ e: inout RegexEmitter) {
                    if run.count > 1 { e.strings.append(run); e.ops.append(.string(e.strings.count - 1)) } else if let u = run.first { e.ops.append(.one(.unit(u))) }
                    run = []
                }
                for item in items {
                    if case .unit(let u) = item, !ignoreCase || (u < 128 && RegexCharSet.otherCase(u) == u) {
                        run.append(u)
                        continue
                    }
                    flush(&self)
                    emit(item, backward: false)
                }
                flush(&self)
            }
        case .alternation(let alternatives):
            // split L1, next; L1: a1; jump end; next: split L2, next2 ...
            var jumps: [Int] = []
            for (i, a) in alternatives.enumerated() {
                if i < alternatives.count - 1 {
                    let split = ops.count
                    ops.append(.split(0, 0))
                    emit(a, backward: backward)
                    jumps.append(ops.count)
                    ops.append(.jump(0))
                    ops[split] = .split(split + 1, ops.count)
                } else {
                    emit(a, backward: backward)
                }
            }
            for j in jumps { ops[j] = .jump(ops.count) }
        case .group(let inner, let capture):
            guard let g = capture else { emit(inner, backward: backward); return }
            ops.append(.save(backward ? 2 * g + 1 : 2 * g))
            emit(inner, backward: backward)
            ops.append(.save(backward ? 2 * g : 2 * g + 1))
        case .backreference(let g):
            ops.append(.backreference(g, backward: backward))
        case .lineStart: ops.append(.lineStart)
        case .lineEnd: ops.append(.lineEnd)
        case .wordBoundary(let negate): ops.append(.wordBoundary(negate: negate))
        case .look(let inner, let ahead, let negate):
            let at = ops.count
            ops.append(.look(end: 0, negate: negate, captures: 0..<0))
            let before = capturesIn(inner)
            emit(inner, backward: !ahead)
            ops.append(.succeed)
            ops[at] = .look(end: ops.count, negate: negate, captures: before)
        case .quantified(let inner, let min, let max, let greedy, let groups):
            if max == 0 { return }
            if min == 1 && max == 1 { emit(inner, backward: backward); return }
            if !backward, groups.isEmpty, let t = test(for: inner) {
                ops.append(greedy ? .greedy(t, min: min, max: max, follow: -1) : .lazy(t, min: min, max: max))
                return
            }
            let r = registers
            registers += 2
            ops.append(.loopInit(r))
            let head = ops.count
            ops.append(.loopHead(r, min: min, max: max, greedy: greedy, exit: 0))
            ops.append(.loopBody(r, captures: (2 * groups.lowerBound)..<(2 * groups.upperBound)))
            emit(inner, backward: backward)
            ops.append(.loopTail(r, min: min, head: head))
            ops[head] = .loopHead(r, min: min, max: max, greedy: greedy, exit: ops.count)
        }
    }

    /// The capture slots of the groups inside `node`.
    private func capturesIn(_ node: RegexNode) -> Range<Int> {
        var lo = Int.max, hi = Int.min
        func visit(_ n: RegexNode) {
            switch n {
            case .group(let inner, let capture):
                if let g = capture { lo = Swift.min(lo, g); hi = Swift.max(hi, g) }
                visit(inner)
            case .sequence(let items), .alternation(let items): items.forEach(visit)
            case .look(let inner, _, _), .quantified(let inner, _, _, _, _): visit(inner)
            default: break
            }
        }
        visit(node)
        return lo > hi ? 0..<0 : (2 * lo)..<(2 * hi + 2)
    }
}
