/// Runs a ``RegexProgram`` over a buffer of code units: UTF-16 code units, or UTF-8 bytes of an
/// ASCII string (the same units, one byte each). A backtracking machine with an explicit stack:
/// a failing op pops the stack, undoing capture and register changes, until an entry says where
/// to resume. Lookarounds run as nested runs on the same stack (their nesting is the pattern's,
/// not the input's). Every 4,096 backtracks the evaluator's time limit is checked, and a backtrack
/// stack beyond ``maxStackEntries`` fails with `U1001` (as a JavaScript engine's regexp stack
/// overflows) rather than taking the machine's memory.
///
/// Captures, registers and the stack live in memory of its own (not arrays, whose uniqueness
/// checks cost more than the ops), freed with the matcher: hence it is not copyable.
struct RegexMatcher<Unit: FixedWidthInteger & UnsignedInteger>: ~Copyable {
    /// One backtrack entry; `kind` says which of the fields mean what.
    private struct Entry {
        var kind: Kind
        var pc: Int32
        var a: Int
        var b: Int

        enum Kind: UInt8 {
            /// Resume at `pc` at position `a`.
            case branch
            /// Restore capture slot `pc` to `a`.
            case capture
            /// Restore register `pc` to `a`.
            case register
            /// A greedy run (the op before `pc`) that may give back units: it started at `a` (plus its
            /// minimum) and now ends at `b`.
            case greedy
            /// A lazy run (the op at `pc`) that may take one more unit: at `a`, after `b` units.
            case lazy
        }
    }

    private let program: RegexProgram
    private let ops: [RegexOp]
    private let bitmaps: [UInt64]
    let input: UnsafeBufferPointer<Unit>
    private let evaluator: Evaluator?
    /// Two slots per group (start, end), -1 when unset; group 0 is the whole match.
    private let captures: UnsafeMutablePointer<Int>
    private let captureCount: Int
    private let registers: UnsafeMutablePointer<Int>
    private var stack: UnsafeMutablePointer<Entry>
    private var stackCount = 0
    private var stackCapacity = 32
    private var backtracks = 0
    /// Units scanned by runs of a quantifier and start positions tried: a search can take time in
    /// proportion to the input squared without backtracking much (`a*c` over many a's), so these
    /// count towards the time-limit check too.
    private var work = 0

    @inline(__always) private mutating func charge(_ units: Int) throws(JSONataError) {
        work &+= units
        if work >= 65_536 {
            work = 0
            if let evaluator { try evaluator.checkTimeLimit() }
        }
    }
    /// 4M entries (96 MiB): a loop with a capture or an alternation over ~1M units of input.
    static var maxStackEntries: Int { 1 << 22 }

    init(_ program: RegexProgram, _ input: UnsafeBufferPointer<Unit>, _ evaluator: Evaluator?) {
        self.program = program
        ops = program.ops
        bitmaps = program.asciiBitmaps
        self.input = input
        self.evaluator = evaluator
        captureCount = 2 * (program.groupCount + 1)
        captures = .allocate(capacity: captureCount + program.registerCount)
        captures.initialize(repeating: -1, count: captureCount + program.registerCount)
        registers = captures + captureCount
        stack = .allocate(capacity: stackCapacity)
    }

    deinit {
        captures.deallocate()
        stack.deallocate()
    }

    /// The capture slots of the last match (see ``captures``).
    var captureOffsets: [Int] { Array(UnsafeBufferPointer(start: captures, count: captureCount)) }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while i + 8 <= n {
                if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
        }
        while i < n {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    // MARK: - searching

    /// Finds the leftmost match starting at or after `from`; its groups are then in ``captures``.
    mutating func firstMatch(from: Int) throws(JSONataError) -> Bool {
        for i in 0..<captureCount { captures[i] = -1 }
        let n = input.count
        var start = from
        if program.anchoredAtStart && start > 0 { return false }
        while start <= n {
            if let first = program.firstUnits {
                let skipFrom = start
                while start < n && !first.contains(UInt16(truncatingIfNeeded: input[start])) { start += 1 }
                if start == n { return false }
                try charge(start - skipFrom)
            }
            try charge(1)
            if let end = try run(0, start) {
                stackCount = 0
                captures[0] = start
                captures[1] = end
                return true
            }
            if program.anchoredAtStart { return false }
            start += 1
        }
        return false
    }

    /// The text between two unit offsets.
    func text(_ from: Int, _ to: Int) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[(from * MemoryLayout<Unit>.stride)..<(to * MemoryLayout<Unit>.stride)])
        if Unit.bitWidth == 8 { return String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
        return String(decoding: raw.assumingMemoryBound(to: UInt16.self), as: UTF16.self)
    }

    /// Group `g`'s text, nil when it did not participate.
    func group(_ g: Int) -> String? {
        let s = captures[2 * g], e = captures[2 * g + 1]
        return s < 0 || e < 0 ? nil : text(s, e)
    }

    /// Successive matches, as ``JRegex/matches(in:from:limit:evaluator:)`` describes.
    mutating func collect(from: Int, limit: Int?, pattern: String) throws(JSONataError) -> [JRegex.Match] {
        var out: [JRegex.Match] = []
        var position = from
        let n = input.count
        while limit == nil || out.count < limit! {
            if !out.isEmpty && position >= n { break }
            guard position <= n, try firstMatch(from: position) else { break }
            let start = captures[0], end = captures[1]
            if !out.isEmpty && start == end { throw JSONataError("D1004", value: .string(pattern)) }
            var groups: [String?] = []
            if program.groupCount > 0 {
                groups.reserveCapacity(program.groupCount)
                for g in 1...program.groupCount { groups.append(group(g)) }
            }
            out.append(JRegex.Match(start: start, end: end, match: text(start, end), groups: groups))
            position = end
        }
        return out
    }

    /// `$replace` with a string template (its UTF-8), building the result in this buffer's units.
    mutating func replace(_ template: UnsafeBufferPointer<UInt8>, limit: Int?, pattern: String) throws(JSONataError) -> String {
        let n = input.count
        var out = RegexOutput<Unit>(capacity: n + 16)
        var count = 0
        var position = 0 // where the next search starts
        var copied = 0 // input copied to `out` so far
        while limit == nil || count < limit! {
            if count > 0 && position >= n { break }
            guard position <= n, try firstMatch(from: position) else { break }
            let start = captures[0], end = captures[1]
            if count > 0 && start == end { throw JSONataError("D1004", value: .string(pattern)) }
            out.append(UnsafeBufferPointer(rebasing: input[copied..<start]))
            substitute(template, into: &out)
            copied = end
            position = end
            count += 1
        }
        if count == 0 { return text(0, n) }
        out.append(UnsafeBufferPointer(rebasing: input[copied..<n]))
        return out.string
    }

    /// Appends a `$replace` template with the current match's groups, by jsonata-js's rules: `$$`
    /// is `$`, `$0` the match, `$N` group N (with as many digits as the largest group number has,
    /// one fewer if that is beyond the groups; a missing group is empty), any other `$` itself.
    /// Read as it is appended (a template is a few bytes): nothing is allocated.
    private func substitute(_ t: UnsafeBufferPointer<UInt8>, into out: inout RegexOutput<Unit>) {
        let groupCount = program.groupCount
        var maxDigits = 1
        var g = groupCount
        while g >= 10 { maxDigits += 1; g /= 10 }
        func literal(_ from: Int, _ to: Int) {
            guard from < to else { return }
            let slice = UnsafeBufferPointer(rebasing: t[from..<to])
            if Unit.bitWidth == 8 {
                slice.withMemoryRebound(to: Unit.self) { out.append($0) }
            } else {
                for u in String(decoding: slice, as: UTF8.self).utf16 { out.append(Unit(truncatingIfNeeded: u)) }
            }
        }
        func digits(_ at: Int, _ n: Int) -> Int? {
            var value: Int? = nil
            var i = at
            while i < t.count, i - at < n, t[i] >= 0x30, t[i] <= 0x39 {
                value = (value ?? 0) * 10 + Int(t[i] - 0x30)
                i += 1
            }
            return value
        }
        var literalStart = 0
        var position = 0
        while position < t.count {
            guard t[position] == 0x24 else { position += 1; continue } // $
            let dollar = position
            position += 1
            guard position < t.count else { break } // a final `$` is literal
            let next = t[position]
            if next == 0x24 { // `$$`: the text so far and one `$`
                literal(literalStart, position)
                position += 1
                literalStart = position
                continue
            }
            var index: Int
            if next == 0x30 {
                index = 0
            } else {
                guard let i = digits(position, maxDigits) else { continue } // `$` not before a digit is literal
                index = i
                if maxDigits > 1, index > groupCount, let fewer = digits(position, maxDigits - 1) { index = fewer }
            }
            literal(literalStart, dollar)
            if index <= groupCount {
                let s = captures[2 * index], e = captures[2 * index + 1]
                if s >= 0 && e >= s { out.append(UnsafeBufferPointer(rebasing: input[s..<e])) }
            }
            // as many digits as the number's decimal form has (so `$01` with 10+ groups leaves the `1`)
            var width = 1
            var v = index
            while v >= 10 { width += 1; v /= 10 }
            position += width
            literalStart = position
        }
        literal(literalStart, t.count)
    }

    // MARK: - the machine

    @inline(__always) private func unit(_ i: Int) -> UInt16 { UInt16(truncatingIfNeeded: input[i]) }

    @inline(__always) private func passes(_ t: RegexUnitTest, _ u: UInt16) -> Bool {
        switch t {
        case .unit(let c): return u == c
        case .unitIgnoringCase(let c): return RegexCharSet.canonicalize(u) == c
        case .set(let i):
            if u < 64 { return bitmaps[2 * i] & (1 << UInt64(u)) != 0 }
            if u < 128 { return bitmaps[2 * i + 1] & (1 << UInt64(u - 64)) != 0 }
            return nonASCII(i, u)
        case .any: return true
        }
    }

    @inline(never) private func nonASCII(_ set: Int, _ u: UInt16) -> Bool {
        program.sets[set].matches(u, ignoreCase: program.ignoreCase)
    }

    @inline(__always) private mutating func push(_ kind: Entry.Kind, _ pc: Int, _ a: Int, _ b: Int = 0) {
        if stackCount == stackCapacity { growStack() }
        stack[stackCount] = Entry(kind: kind, pc: Int32(truncatingIfNeeded: pc), a: a, b: b)
        stackCount += 1
    }

    @inline(never) private mutating func growStack() {
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: stackCapacity * 2)
        bigger.moveInitialize(from: stack, count: stackCount)
        stack.deallocate()
        stack = bigger
        stackCapacity *= 2
    }

    @inline(__always) private mutating func setCapture(_ slot: Int, _ value: Int) {
        push(.capture, slot, captures[slot])
        captures[slot] = value
    }

    @inline(__always) private mutating func setRegister(_ r: Int, _ value: Int) {
        push(.register, r, registers[r])
        registers[r] = value
    }

    private func isWordAt(_ i: Int) -> Bool { i >= 0 && i < input.count && RegexCharSet.isWord(unit(i)) }

    /// Runs from op `pc` at `pos` until a `succeed` (the end position) or until every
    /// alternative failed (nil; the stack and captures are then as they were).
    private mutating func run(_ startPC: Int, _ startPos: Int) throws(JSONataError) -> Int? {
        let base = stackCount
        let n = input.count
        var pc = startPC
        var pos = startPos
        while true {
            if stackCount > Self.maxStackEntries {
                throw JSONataError("U1001", message: "Regular expression too complex: its backtracking stack overflowed")
            }
            var failed = false
            switch ops[pc] {
            case .one(let t):
                if pos < n && passes(t, unit(pos)) { pos += 1; pc += 1 } else { failed = true }
            case .oneBackward(let t):
                if pos > 0 && passes(t, unit(pos - 1)) { pos -= 1; pc += 1 } else { failed = true }
            case .string(let index):
                let s = program.strings[index]
                if pos + s.count <= n {
                    var i = 0
                    while i < s.count && unit(pos + i) == s[i] { i += 1 }
                    if i == s.count { pos += s.count; pc += 1 } else { failed = true }
                } else {
                    failed = true
                }
            case .greedy(let t, let min, let max, let follow):
                let limit = Swift.min(max, n - pos)
                var count = 0
                while count < limit && passes(t, unit(pos + count)) { count += 1 }
                let scanned = count
                if follow >= 0 {
                    while count >= min && (pos + count >= n || Int(unit(pos + count)) != follow) { count -= 1 }
                }
                try charge(2 * scanned - count + 1)
                if count < min {
                    failed = true
                } else {
                    if count > min { push(.greedy, pc + 1, pos + min, pos + count) }
                    pos += count
                    pc += 1
                }
            case .lazy(let t, let min, _):
                if pos + min > n {
                    failed = true
                } else {
                    var count = 0
                    while count < min && passes(t, unit(pos + count)) { count += 1 }
                    if count < min {
                        failed = true
                    } else {
                        pos += min
                        push(.lazy, pc, pos, min)
                        pc += 1
                    }
                }
            case .split(let first, let second):
                push(.branch, second, pos)
                pc = first
            case .jump(let target):
                pc = target
            case .save(let slot):
                setCapture(slot, pos)
                pc += 1
            case .backreference(let g, let backward):
                let s = captures[2 * g], e = captures[2 * g + 1]
                if s < 0 || e < 0 { pc += 1; break }
                let length = e - s
                let from = backward ? pos - length : pos
                if from < 0 || from + length > n { failed = true; break }
                var i = 0
                if program.ignoreCase {
                    while i < length && RegexCharSet.canonicalize(unit(s + i)) == RegexCharSet.canonicalize(unit(from + i)) { i += 1 }
                } else {
                    while i < length && unit(s + i) == unit(from + i) { i += 1 }
                }
                if i < length { failed = true; break }
                pos = backward ? from : from + length
                pc += 1
            case .lineStart:
                if pos == 0 || (program.multiline && RegexCharSet.isLineTerminator(unit(pos - 1))) { pc += 1 } else { failed = true }
            case .lineEnd:
                if pos == n || (program.multiline && RegexCharSet.isLineTerminator(unit(pos))) { pc += 1 } else { failed = true }
            case .wordBoundary(let negate):
                if (isWordAt(pos - 1) != isWordAt(pos)) != negate { pc += 1 } else { failed = true }
            case .look(let end, let negate, let slots):
                let saved = Array(UnsafeBufferPointer(start: captures + slots.lowerBound, count: slots.count))
                let before = stackCount
                let matched = try run(pc + 1, pos) != nil
                if matched { stackCount = before }
                if negate {
                    if matched {
                        for (i, slot) in slots.enumerated() { captures[slot] = saved[i] }
                        failed = true
                    } else {
                        pc = end
                    }
                } else if matched {
                    // the lookaround's own undo entries are gone (it is atomic): undo its captures from here
                    for (i, slot) in slots.enumerated() where captures[slot] != saved[i] {
                        push(.capture, slot, saved[i])
                    }
                    pc = end
                } else {
                    failed = true
                }
            case .succeed:
                return pos
            case .loopInit(let r):
                setRegister(r, 0)
                pc += 1
            case .loopHead(let r, let min, let max, let greedy, let exit):
                let count = registers[r]
                if count < min {
                    pc += 1
                } else if count >= max {
                    pc = exit
                } else if greedy {
                    push(.branch, exit, pos)
                    pc += 1
                } else {
                    push(.branch, pc + 1, pos)
                    pc = exit
                }
            case .loopBody(let r, let slots):
                setRegister(r + 1, pos)
                for slot in slots where captures[slot] >= 0 { setCapture(slot, -1) }
                pc += 1
            case .loopTail(let r, let min, let head):
                if registers[r] >= min && pos == registers[r + 1] {
                    failed = true
                } else {
                    setRegister(r, registers[r] + 1)
                    pc = head
                }
            }
            guard failed else { continue }
            // backtrack
            var resumed = false
            while !resumed {
                guard stackCount > base else { return nil }
                stackCount -= 1
                let e = stack[stackCount]
                switch e.kind {
                case .capture: captures[Int(e.pc)] = e.a
                case .register: registers[Int(e.pc)] = e.a
                case .branch:
                    pc = Int(e.pc)
                    pos = e.a
                    resumed = true
                case .greedy:
                    var p = e.b - 1
                    if case .greedy(_, _, _, let follow) = ops[Int(e.pc) - 1], follow >= 0 {
                        while p >= e.a && Int(unit(p)) != follow { p -= 1 }
                        try charge(e.b - 1 - p)
                        if p < e.a { break }
                    }
                    if p > e.a { push(.greedy, Int(e.pc), e.a, p) }
                    pc = Int(e.pc)
                    pos = p
                    resumed = true
                case .lazy:
                    guard case .lazy(let t, _, let max) = ops[Int(e.pc)] else { break }
                    if e.b < max && e.a < n && passes(t, unit(e.a)) {
                        push(.lazy, Int(e.pc), e.a + 1, e.b + 1)
                        pc = Int(e.pc) + 1
                        pos = e.a + 1
                        resumed = true
                    }
                }
            }
            backtracks &+= 1
            if backtracks & 0xFFF == 0, let evaluator { try evaluator.checkTimeLimit() }
        }
    }
}

/// A growing buffer of code units that becomes a string: `$replace`'s result.
struct RegexOutput<Unit: FixedWidthInteger & UnsignedInteger>: ~Copyable {
    private var base: UnsafeMutablePointer<Unit>
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let bigger = UnsafeMutablePointer<Unit>.allocate(capacity: Swift.max(capacity * 2, count + extra))
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = Swift.max(capacity * 2, count + extra)
    }

    mutating func append(_ units: UnsafeBufferPointer<Unit>) {
        guard let from = units.baseAddress, !units.isEmpty else { return }
        reserve(units.count)
        (base + count).initialize(from: from, count: units.count)
        count += units.count
    }

    mutating func append(_ unit: Unit) {
        reserve(1)
        (base + count).initialize(to: unit)
        count += 1
    }

    /// The units as a string (UTF-8 bytes or UTF-16 code units).
    var string: String {
        let raw = UnsafeRawBufferPointer(start: base, count: count * MemoryLayout<Unit>.stride)
        if Unit.bitWidth == 8 { return String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) }
        return String(decoding: raw.assumingMemoryBound(to: UInt16.self), as: UTF16.self)
    }
}
