import Foundation

/// A scope of variable bindings (jsonata-js `createFrame`).
/// Bindings are few per frame: the first two are kept inline (a lambda's parameters, a block's
/// variable: no array to allocate), the rest in arrays; searched linearly, no hashing. A name
/// bound to undefined shadows outer ones.
final class Frame: @unchecked Sendable {
    private var name0: String? = nil
    private var value0: JV? = nil
    private var name1: String? = nil
    private var value1: JV? = nil
    private var moreNames: [String] = []
    private var moreValues: [JV?] = []
    /// A path step's tuple (its focus, index and ancestor bindings), read in place: binding its
    /// members one by one would copy them for every tuple. Bindings made in the frame shadow it.
    private let tuple: JObject?
    let parent: Frame?

    init(parent: Frame?) {
        self.parent = parent
        tuple = nil
    }

    init(parent: Frame, tuple: JObject) {
        self.parent = parent
        self.tuple = tuple
    }

    @inline(__always) func bind(_ name: String, _ value: JV?) {
        if local(name) != nil {
            if name0 == name { value0 = value; return }
            if name1 == name { value1 = value; return }
            for i in 0..<moreNames.count where moreNames[i] == name {
                moreValues[i] = value
                return
            }
        }
        bindNew(name, value)
    }

    /// Binds a name this frame does not bind yet (the caller knows), without looking for it first.
    @inline(__always) func bindNew(_ name: String, _ value: JV?) {
        if name0 == nil {
            name0 = name
            value0 = value
        } else if name1 == nil {
            name1 = name
            value1 = value
        } else {
            moreNames.append(name)
            moreValues.append(value)
        }
    }

    /// The binding in this frame: nil when unbound here, .some(nil) when bound to undefined.
    @inline(__always) func local(_ name: String) -> JV?? {
        if let n0 = name0 {
            if n0 == name { return .some(value0) }
            if let n1 = name1 {
                if n1 == name { return .some(value1) }
                for i in 0..<moreNames.count where moreNames[i] == name { return .some(moreValues[i]) }
            }
        }
        if let tuple, let v = tuple[name] { return .some(v) }
        return nil
    }

    /// The binding in the nearest frame that binds `name` (.some(nil): bound to undefined), or nil.
    /// Walks the chain without retaining each frame: `self` keeps every ancestor alive.
    func find(_ name: String) -> JV?? {
        // this frame first: most names are a lambda's own parameters
        if let v = local(name) { return v }
        guard let parent else { return nil }
        unowned(unsafe) var frame = parent
        while true {
            if let v = frame.local(name) { return v }
            guard let p = frame.parent else { return nil }
            frame = p
        }
    }

    func lookup(_ name: String) -> JV? {
        if let v = find(name) { return v }
        return nil
    }
}

/// One evaluation: its limits and counters. Not shared between evaluations.
final class Evaluator {
    let maxDepth: Int
    /// Nanoseconds an evaluation may take (nil: no limit), counted from ``deadline``'s first check.
    let timeLimitNanos: UInt64?
    /// When the time limit runs out: set at the first check (after 1,024 steps), so an evaluation
    /// that takes fewer steps never reads the clock.
    var deadline: UInt64? = nil
    let builtins: [String: JFunction]
    var depth = 0
    var steps = 0
    let nowMillis: Double?
    /// `$now()` and `$millis()`: the host's clock, or the system clock read once, when first asked.
    lazy var timestampMillis: Double = nowMillis ?? (Date().timeIntervalSince1970 * 1000).rounded(.down)
    /// The lowest stack address this evaluation may reach (see ``StackGuard``).
    let stackLimit = StackGuard.limit()

    init(limits: JSONataLimits, builtins: [String: JFunction], nowMillis: Double? = nil) {
        maxDepth = limits.maxDepth
        timeLimitNanos = limits.timeLimit.map { UInt64(max(0, $0) * 1_000_000_000) }
        self.builtins = builtins
        self.nowMillis = nowMillis
    }

    func lookup(_ name: String, _ env: Frame) -> JV? {
        if let v = env.find(name) { return v }
        if let f = builtins[name] { return .function(f) }
        return nil
    }

    @inline(__always) func checkLimits() throws(JSONataError) {
        if depth > maxDepth || StackGuard.position() < stackLimit {
            throw JSONataError("U1001")
        }
        steps &+= 1
        if steps & 0x3FF == 0 { try checkTimeLimit() }
    }

    /// Fails with `U1001` when the time limit ran out (the first check starts the clock): every
    /// 1,024 steps, and from long native loops such as a regex's backtracking.
    func checkTimeLimit() throws(JSONataError) {
        guard let limit = timeLimitNanos else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if let deadline {
            if now > deadline { throw JSONataError("U1001", message: "Expression evaluation timeout: Check for infinite loop") }
        } else {
            deadline = now + limit
        }
    }

    // MARK: - evaluate

    func evaluate(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        depth += 1
        try checkLimits()
        defer { depth -= 1 }
        var result: JV?
        switch expr.kind {
        case .path: result = try evaluatePath(expr, input, env)
        case .binary: result = try evaluateBinary(expr, input, env)
        case .unary: result = try evaluateUnary(expr, input, env)
        case .name: result = Functions.lookup(input, expr.value)
        case .string, .number, .value: result = expr.literal
        case .wildcard: result = evaluateWildcard(input)
        case .descendant: result = evaluateDescendants(input)
        case .parent: result = env.lookup(expr.slot!.label)
        case .condition:
            let c = try evaluate(expr.condition!, input, env)
            let truthy: Bool
            if case .bool(let b)? = c { truthy = b } else { truthy = Functions.boolean(c) == true }
            if truthy {
                result = try operand(expr.then!, input, env)
            } else if let e = expr.otherwise {
                result = try operand(e, input, env)
            }
        case .block:
            let frame = expr.bindsVariables ? Frame(parent: env) : env
            for e in expr.expressions { result = try evaluate(e, input, frame) }
        case .bind:
            let value = try evaluate(expr.rhs!, input, env)
            env.bind(expr.lhs!.value, value)
            result = value
        case .regex:
            result = .function(JFunction(.regex(expr.regex!)))
        case .function: result = try evaluateFunction(expr, input, env, applyTo: nil)
        case .variable:
            if expr.value.isEmpty {
                if case .array(let a)? = input, a.outerWrapper { result = a.items.first } else { result = input }
            } else if let b = expr.builtin {
                if let bound = env.find(expr.value) { result = bound } else { result = .function(b) }
            } else {
                result = lookup(expr.value, env)
            }
        case .lambda:
            result = .function(JFunction(.lambda(JFunction.Lambda(node: expr, input: input, environment: env))))
        case .partial: result = try evaluatePartial(expr, input, env)
        case .apply: result = try evaluateApply(expr, input, env)
        case .transform: result = .function(JFunction(.transform(expr, env)))
        case .sort, .op, .end:
            result = nil
        }
        if let predicates = expr.predicate {
            for p in predicates {
                if case .filter(let e, _) = p { result = try evaluateFilter(e, result, env) }
            }
        }
        if expr.kind != .path, let group = expr.group {
            result = try evaluateGroup(group.pairs, position: group.position, result, env)
        }
        if case .array(let a)? = result, a.isSequence, !a.tupleStream {
            if expr.keepArray { a.keepSingleton = true }
            if a.items.isEmpty { return nil }
            if a.items.count == 1 && !a.keepSingleton { return a.items[0] }
        }
        return result
    }

    /// An operand: a plain literal or a field read from an object without the full `evaluate`
    /// (what it computes for them: the literal, or the member with a sequence collapsed), else `evaluate`.
    @inline(__always) func operand(_ e: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        if e.isPlainLiteral { return e.literal }
        if e.isPlainVariable { return variable(e, env) }
        if e.isFieldRead, case .object(let o)? = input { return Evaluator.collapsed(o[e.steps[0].value]) }
        return try evaluate(e, input, env)
    }

    /// A result as `evaluate` returns it: a sequence of none is undefined, of one (not kept
    /// singleton) its item.
    @inline(__always) static func collapsed(_ v: JV?) -> JV? {
        if case .array(let a)? = v, a.isSequence, !a.tupleStream {
            if a.items.isEmpty { return nil }
            if a.items.count == 1 && !a.keepSingleton { return a.items[0] }
        }
        return v
    }

    /// A plain variable's value (``Node/isPlainVariable``): what `evaluate` computes for it, the
    /// collapse of a sequence included, without the evaluation step.
    @inline(__always) func variable(_ e: Node, _ env: Frame) -> JV? {
        let v: JV?
        if let b = e.builtin {
            guard let bound = env.find(e.value) else { return .function(b) }
            v = bound
        } else {
            v = lookup(e.value, env)
        }
        if case .array(let a)? = v, a.isSequence, !a.tupleStream {
            if a.items.isEmpty { return nil }
            if a.items.count == 1 && !a.keepSingleton { return a.items[0] }
        }
        return v
    }

    // MARK: - paths

    func evaluatePath(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        // Fast path: field names read through objects (what the full steps compute: the member itself).
        // Anything else on the way (an array to map over) takes the full path.
        if expr.isSimpleName, case .object(var o)? = input {
            let steps = expr.steps
            var i = 0
            while true {
                guard let v = o[steps[i].value] else { return nil }
                i += 1
                if i == steps.count { return v }
                guard case .object(let next) = v else { break }
                o = next
            }
        }
        if expr.isVariableName, case .object(let o)? = lookup(expr.steps[0].value, env) {
            return o[expr.steps[1].value]
        }
        if expr.isNamePath, input != nil || expr.steps[0].isPlainName {
            let result = try evaluateNamePath(expr, input, env)
            if let group = expr.group { return try evaluateGroup(group.pairs, position: group.position, result, env) }
            return result
        }
        var inputSequence: JArray
        // jsonata-js's sequence of one undefined item: the first step still runs once (a constructor, a function call)
        var undefinedInput = false
        if case .array(let a)? = input, expr.steps[0].kind != .variable {
            inputSequence = a
        } else if let input {
            inputSequence = JArray.sequence([input])
        } else {
            inputSequence = JArray.sequence()
            undefinedInput = true
        }
        var resultSequence: JV? = nil
        var isTupleStream = false
        var tupleBindings: JArray? = nil
        // the last step gave the path's items straight (no tuples to read them from)
        var itemsCollected = false
        for (i, step) in expr.steps.enumerated() {
            if step.tuple { isTupleStream = true }
            if i == 0 && step.consarray {
                resultSequence = try evaluate(step, .array(inputSequence), env)
            } else if isTupleStream {
                if i == expr.steps.count - 1, !expr.tuple, expr.group == nil, step.kind != .sort, step.stages == nil,
                   step.focus == nil, step.index == nil, step.ancestor == nil {
                    resultSequence = .array(try evaluateLastTupleStep(step, inputSequence, tupleBindings, env))
                    itemsCollected = true
                } else {
                    tupleBindings = try evaluateTupleStep(step, inputSequence, tupleBindings, env)
                }
            } else if i == 0 && undefinedInput {
                resultSequence = try evaluateStep(step, nil, env, lastStep: expr.steps.count == 1)
            } else {
                resultSequence = try evaluateStep(step, inputSequence, env, lastStep: i == expr.steps.count - 1)
            }
            if !isTupleStream {
                guard let r = resultSequence else { break }
                if case .array(let a) = r, a.items.isEmpty { break }
            }
            if step.focus == nil {
                if let r = resultSequence {
                    if case .array(let a) = r { inputSequence = a } else { inputSequence = JArray.sequence([r]) }
                } else {
                    inputSequence = JArray.sequence()
                }
            }
        }
        if isTupleStream && !itemsCollected {
            if expr.tuple {
                resultSequence = tupleBindings.map { .array($0) }
            } else {
                let s = JArray.sequence()
                for t in tupleBindings?.items ?? [] {
                    if let v = t.objectValue?.tupleContext { s.items.append(v) }
                }
                resultSequence = .array(s)
            }
        }
        if expr.keepSingletonArray {
            if case .array(let a)? = resultSequence {
                if a.cons && !a.isSequence {
                    let s = JArray.sequence([.array(a)])
                    s.keepSingleton = true
                    resultSequence = .array(s)
                } else {
                    a.keepSingleton = true
                }
            } else if let r = resultSequence {
                let s = JArray.sequence([r])
                s.keepSingleton = true
                resultSequence = .array(s)
            }
        }
        if let group = expr.group {
            resultSequence = try evaluateGroup(group.pairs, position: group.position, isTupleStream ? tupleBindings.map { .array($0) } : resultSequence, env)
        }
        return resultSequence
    }

    /// A path of names with literal indexes (``Node/isNamePath``): what ``evaluatePath(_:_:_:)`` and
    /// ``evaluateStep(_:_:_:lastStep:)`` compute for it (flattening, singleton collapse, the last step's
    /// array kept whole), over two plain arrays swapped from step to step.
    func evaluateNamePath(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var current: [JV]
        let steps = expr.steps
        var firstStep = 0
        if case .array(let a)? = input, steps[0].kind != .variable {
            current = a.items
        } else if var item = input {
            current = []
            // One item, stepped through names and other one-valued steps without any array (what the
            // per-item loop below computes for a sequence of one); arrays from the first step that
            // gives several items, or needs the loop's stages, sorting or descent.
            while firstStep < steps.count {
                let step = steps[firstStep]
                guard step.stages == nil, step.kind != .sort, step.kind != .descendant else { break }
                guard let r = try stepResult(step, plainName: step.isPlainName, item, env) else { return nil }
                if case .array(let a) = r {
                    // as the loop does with its first result: kept whole at the last step when not a
                    // sequence, else flattened (a constructed array kept as one item)
                    if firstStep == steps.count - 1 && !a.isSequence { return r }
                    current = a.cons ? [r] : a.items
                    if current.isEmpty { return nil }
                    firstStep += 1
                    break
                }
                item = r
                firstStep += 1
            }
            if firstStep == steps.count { return item }
            if current.isEmpty { current = [item] }
        } else {
            return nil
        }
        var next: [JV] = []
        // the step was done with the one before it (`**.name`)
        var done = false
        for stepIndex in firstStep..<steps.count {
            if done {
                done = false
                continue
            }
            let step = steps[stepIndex]
            if step.kind == .sort, step.stages == nil, stepIndex < steps.count - 1 {
                // a sort step inside the path orders the whole sequence, into the other buffer
                if current.count > 1 {
                    let order = try sortOrder(step, current, isTuple: false, env)
                    next.removeAll(keepingCapacity: true)
                    for i in order { next.append(current[i]) }
                    swap(&current, &next)
                }
                continue
            }
            if step.kind == .sort {
                // a sort step orders the whole sequence (evaluateStep's sort case)
                var sorted = try evaluateSort(step, .array(JArray(current, sequence: true)), env)
                if let stages = step.stages {
                    for case .filter(let e, _) in stages { sorted = try evaluateFilter(e, sorted, env) }
                }
                guard let r = sorted else { return nil }
                if stepIndex == steps.count - 1 { return r }
                if case .array(let a) = r {
                    if a.items.isEmpty { return nil }
                    current = a.items
                } else {
                    current = [r]
                }
                continue
            }
            next.removeAll(keepingCapacity: true)
            if next.capacity < max(8, current.count) { next.reserveCapacity(max(8, current.count * 2)) }
            var count = 0
            // the first result, when it is an array that is not a sequence (the last step keeps it whole)
            var firstArray: JArray? = nil
            // a literal index, the usual stage, is applied here; other filters by evaluateFilter
            var index: Double? = nil
            var filters: [Node.Stage]? = step.stages
            if let stages = filters, stages.count == 1, case .filter(let e, _) = stages[0], e.kind == .number {
                index = e.number.rounded(.down)
                filters = nil
            }
            let plainName = step.isPlainName
            if step.kind == .descendant, step.predicate == nil, step.group == nil, !step.keepArray, step.stages == nil {
                if stepIndex + 1 < steps.count, steps[stepIndex + 1].isPlainName, steps[stepIndex + 1].stages == nil {
                    // `**.name`: the member of each object among the descendants, read on the way (the
                    // descendants are not listed first; scalars among them have no member)
                    var count = 0
                    var firstArray: JArray? = nil
                    let name = steps[stepIndex + 1].value
                    for item in current { Evaluator.collectDescendantMembers(item, name, into: &next, count: &count, firstArray: &firstArray) }
                    if stepIndex + 1 == steps.count - 1, count == 1, let firstArray { return .array(firstArray) }
                    if next.isEmpty { return nil }
                    swap(&current, &next)
                    done = true
                    continue
                }
                // `**`: every item's descendants straight into the next sequence (they hold no arrays)
                for item in current { Evaluator.collectDescendants(item, into: &next) }
                if next.isEmpty { return nil }
                swap(&current, &next)
                continue
            }
            for item in current {
                var res = try stepResult(step, plainName: plainName, item, env)
                if let filters {
                    for case .filter(let e, _) in filters { res = try evaluateFilter(e, res, env) }
                }
                if let n = index {
                    // evaluateFilter with a number: the item at n, an array item returned whole
                    // (an undefined or out-of-range item still counts: the filter gives an empty sequence)
                    count += 1
                    guard let r = res else { continue }
                    if case .array(let a) = r {
                        var i = Functions.clampedInt(n)
                        if i < 0 { i = a.items.count + i }
                        guard i >= 0 && i < a.items.count else { continue }
                        let picked = a.items[i]
                        if case .array(let inner) = picked {
                            if count == 1 && !inner.isSequence { firstArray = inner }
                            if inner.cons { next.append(picked) } else { next.append(contentsOf: inner.items) }
                        } else {
                            next.append(picked)
                        }
                    } else if n == 0 || n == -1 {
                        next.append(r)
                    }
                    continue
                }
                guard let r = res else { continue }
                count += 1
                if case .array(let a) = r {
                    if count == 1 && !a.isSequence { firstArray = a }
                    if a.cons { next.append(r) } else { next.append(contentsOf: a.items) }
                } else {
                    next.append(r)
                }
            }
            if stepIndex == steps.count - 1, count == 1, let firstArray { return .array(firstArray) }
            if next.isEmpty { return nil }
            swap(&current, &next)
        }
        if current.count == 1 { return current[0] }
        return .array(JArray(current, sequence: true))
    }

    /// A name path step's result for one item, as `evaluate` gives it: a plain name read straight
    /// from an object (or looked up through an array), the collapse of a sequence included.
    @inline(__always) func stepResult(_ step: Node, plainName: Bool, _ item: JV, _ env: Frame) throws(JSONataError) -> JV? {
        guard plainName else { return try evaluate(step, item, env) }
        var res: JV?
        switch item {
        case .object(let o): res = o[step.value]
        case .array: res = Functions.lookup(item, step.value)
        default: res = nil
        }
        if case .array(let a)? = res, a.isSequence, !a.tupleStream {
            if a.items.isEmpty { res = nil } else if a.items.count == 1 && !a.keepSingleton { res = a.items[0] }
        }
        return res
    }

    /// One step of a path over each item of `input` (nil: a single undefined item).
    func evaluateStep(_ expr: Node, _ input: JArray?, _ env: Frame, lastStep: Bool) throws(JSONataError) -> JV? {
        if expr.kind == .sort {
            var result = try evaluateSort(expr, input.map { .array($0) }, env)
            if let stages = expr.stages { result = try evaluateStages(stages, result, env) }
            return result
        }
        // results are flattened as they come; the first is kept for the last step's singleton-array rule
        var flat: [JV] = []
        var count = 0
        var first: JV? = nil
        @inline(__always) func add(_ res: JV) {
            count += 1
            if count == 1 { first = res }
            if case .array(let a) = res, !a.cons {
                flat.append(contentsOf: a.items)
            } else {
                flat.append(res)
            }
        }
        if let input {
            flat.reserveCapacity(input.items.count)
            for item in input.items {
                var res = try evaluate(expr, item, env)
                if let stages = expr.stages {
                    for stage in stages {
                        if case .filter(let e, _) = stage { res = try evaluateFilter(e, res, env) }
                    }
                }
                if let res { add(res) }
            }
        } else {
            var res = try evaluate(expr, nil, env)
            if let stages = expr.stages {
                for stage in stages {
                    if case .filter(let e, _) = stage { res = try evaluateFilter(e, res, env) }
                }
            }
            if let res { add(res) }
        }
        if lastStep, count == 1, case .array(let a)? = first, !a.isSequence {
            return first
        }
        return .array(JArray(flat, sequence: true))
    }

    @inline(__always) static func frameFromTuple(_ env: Frame, _ tuple: JObject) -> Frame {
        Frame(parent: env, tuple: tuple)
    }

    func evaluateTupleStep(_ expr: Node, _ input: JArray, _ tupleBindings: JArray?, _ env: Frame) throws(JSONataError) -> JArray {
        if expr.kind == .sort {
            var result: JV?
            if let tupleBindings {
                result = try evaluateSort(expr, .array(tupleBindings), env)
            } else {
                let sorted = try evaluateSort(expr, .array(input), env)
                let r = JArray.sequence()
                r.tupleStream = true
                for (i, item) in (sorted?.arrayValue?.items ?? []).enumerated() {
                    let tuple = JObject()
                    tuple["@"] = item
                    if let idx = expr.index { tuple[idx] = .number(Double(i)) }
                    r.items.append(.object(tuple))
                }
                result = .array(r)
            }
            if let stages = expr.stages { result = try evaluateStages(stages, result, env) }
            return result?.arrayValue ?? { let r = JArray.sequence(); r.tupleStream = true; return r }()
        }
        let result = JArray.sequence()
        result.tupleStream = true
        let sources = tupleBindings?.items ?? input.items
        result.items.reserveCapacity(sources.count)
        for source in sources {
            guard let tb = Evaluator.tupleExtended(source, fromTuples: tupleBindings != nil, reserve: 4) else { continue }
            let context = tb.tupleContext
            guard let res = try evaluate(expr, context, Evaluator.frameFromTuple(env, tb)) else { continue }
            // the tuple of one item of the step's result
            func extended(_ item: JV, _ position: Int) -> JV {
                let tuple = tb.copy(reserving: 3)
                if let focus = expr.focus {
                    tuple[focus] = item
                } else {
                    tuple["@"] = item
                }
                if let idx = expr.index { tuple[idx] = .number(Double(position)) }
                if let anc = expr.ancestor { tuple[anc.label] = context }
                return .object(tuple)
            }
            guard case .array(let a) = res else {
                result.items.append(extended(res, 0))
                continue
            }
            if a.tupleStream {
                for item in a.items {
                    let tuple = tb.copy(reserving: 3)
                    if let o = item.objectValue { for m in o.entries { tuple[m.key] = m.value } }
                    result.items.append(.object(tuple))
                }
            } else {
                for (position, item) in a.items.enumerated() { result.items.append(extended(item, position)) }
            }
        }
        if let stages = expr.stages {
            return try evaluateStages(stages, .array(result), env)?.arrayValue ?? result
        }
        return result
    }

    /// The tuple a tuple step extends for one source: the previous step's tuple, or at the first
    /// tuple step a new one holding the item (with room for `reserve` members).
    @inline(__always) static func tupleExtended(_ source: JV, fromTuples: Bool, reserve: Int) -> JObject? {
        if fromTuples {
            guard case .object(let o) = source else { return nil }
            return o
        }
        let tuple = JObject(reserve: reserve)
        tuple.appendNew("@", source)
        return tuple
    }

    /// The last step of a path of tuples that returns items (not tuples, not grouped), without
    /// stages or bindings of its own: what ``evaluateTupleStep(_:_:_:_:)`` and the path's reading
    /// of each tuple's context give, without building the tuples.
    func evaluateLastTupleStep(_ expr: Node, _ input: JArray, _ tupleBindings: JArray?, _ env: Frame) throws(JSONataError) -> JArray {
        let result = JArray.sequence()
        let sources = tupleBindings?.items ?? input.items
        result.items.reserveCapacity(sources.count)
        for source in sources {
            guard let tb = Evaluator.tupleExtended(source, fromTuples: tupleBindings != nil, reserve: 1) else { continue }
            guard let res = try evaluate(expr, tb.tupleContext, Evaluator.frameFromTuple(env, tb)) else { continue }
            guard case .array(let a) = res else {
                result.items.append(res)
                continue
            }
            if a.tupleStream {
                // a tuple merged into this one: its context, else this one's
                for item in a.items {
                    if let v = item.objectValue?.tupleContext ?? tb.tupleContext { result.items.append(v) }
                }
            } else {
                result.items.append(contentsOf: a.items)
            }
        }
        return result
    }

    func evaluateStages(_ stages: [Node.Stage], _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var result = input
        for stage in stages {
            switch stage {
            case .filter(let e, _):
                result = try evaluateFilter(e, result, env)
            case .index(let name):
                if case .array(let a)? = result {
                    for (i, t) in a.items.enumerated() { t.objectValue?[name] = .number(Double(i)) }
                }
            }
        }
        return result
    }

    func evaluateFilter(_ predicate: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        if predicate.kind == .number {
            // `[n]`: the item at n (from the end when negative), without building the input sequence.
            let results = JArray.sequence()
            if case .array(let a)? = input {
                if a.tupleStream { results.tupleStream = true }
                var index = Functions.clampedInt(predicate.number.rounded(.down))
                if index < 0 { index = a.items.count + index }
                if index >= 0 && index < a.items.count {
                    let item = a.items[index]
                    if case .array(let inner) = item { return .array(inner) }
                    results.items = [item]
                }
            } else if let input, predicate.number.rounded(.down) == 0 || predicate.number.rounded(.down) == -1 {
                results.items = [input]
            }
            return .array(results)
        }
        let items: [JV]
        var isTuple = false
        if case .array(let a)? = input {
            items = a.items
            isTuple = a.tupleStream
        } else if let input {
            items = [input]
        } else {
            items = []
        }
        var kept: [JV] = []
        kept.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            var context: JV? = item
            var e = env
            if isTuple, let t = item.objectValue {
                context = t.tupleContext
                e = Evaluator.frameFromTuple(env, t)
            }
            let res = try evaluate(predicate, context, e)
            switch res {
            case .bool(let b)?:
                if b { kept.append(item) }
            case .number(let n)?:
                var ii = Functions.clampedInt(n.rounded(.down))
                if ii < 0 { ii = items.count + ii }
                if ii == index { kept.append(item) }
            case .array(let a)? where a.items.isEmpty:
                continue
            case .array(let a)? where a.items.allSatisfy({ $0.isNumber }):
                for n in a.items {
                    var ii = Functions.clampedInt(n.numberValue!.rounded(.down))
                    if ii < 0 { ii = items.count + ii }
                    if ii == index { kept.append(item) }
                }
            default:
                if Functions.boolean(res) == true { kept.append(item) }
            }
        }
        let results = JArray(kept, sequence: true)
        results.tupleStream = isTuple
        return .array(results)
    }

    func evaluateWildcard(_ input: JV?) -> JV? {
        var input = input
        if case .array(let a)? = input, a.outerWrapper, !a.items.isEmpty { input = a.items[0] }
        var results: [JV] = []
        var sequence = true
        func add(_ value: JV) {
            if case .array(let a) = value {
                Functions.flatten(.array(a), into: &results)
                sequence = false
            } else {
                results.append(value)
            }
        }
        switch input {
        case .object(let o)?:
            for m in o.entries { add(m.value) }
        case .array(let a)?:
            for v in a.items { add(v) }
        default: break
        }
        return .array(JArray(results, sequence: sequence))
    }

    func evaluateDescendants(_ input: JV?) -> JV? {
        guard let input else { return nil }
        var results: [JV] = []
        results.reserveCapacity(32)
        Evaluator.collectDescendants(input, into: &results)
        if results.count == 1 { return results[0] }
        return .seq(results)
    }

    /// What a plain name step gives over the descendants of `v` (``collectDescendants(_:into:)``):
    /// each object's member `name`, collapsed as `evaluate` collapses it, flattened into `results`
    /// as the name path flattens a step's results (`count` and `firstArray` as it keeps them).
    static func collectDescendantMembers(_ v: JV, _ name: String, into results: inout [JV], count: inout Int, firstArray: inout JArray?) {
        switch v {
        case .array(let a):
            for m in a.items { collectDescendantMembers(m, name, into: &results, count: &count, firstArray: &firstArray) }
        case .object(let o):
            if let r = collapsed(o[name]) {
                count += 1
                if case .array(let a) = r {
                    if count == 1 && !a.isSequence { firstArray = a }
                    if a.cons { results.append(r) } else { results.append(contentsOf: a.items) }
                } else {
                    results.append(r)
                }
            }
            for m in o.entries { collectDescendantMembers(m.value, name, into: &results, count: &count, firstArray: &firstArray) }
        default:
            break
        }
    }

    static func collectDescendants(_ v: JV, into results: inout [JV]) {
        switch v {
        case .array(let a): for m in a.items { collectDescendants(m, into: &results) }
        case .object(let o):
            results.append(v)
            for m in o.entries { collectDescendants(m.value, into: &results) }
        default: results.append(v)
        }
    }

    // MARK: - operators

    func evaluateBinary(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        let lhs = try operand(expr.lhs!, input, env)
        let kind = expr.binaryOp
        if kind == .and || kind == .or {
            let l = Functions.boolean(lhs) ?? false
            if kind == .and {
                if !l { return .bool(false) }
                return .bool(Functions.boolean(try evaluate(expr.rhs!, input, env)) ?? false)
            } else {
                if l { return .bool(true) }
                return .bool(Functions.boolean(try evaluate(expr.rhs!, input, env)) ?? false)
            }
        }
        let rhs = try operand(expr.rhs!, input, env)
        // The common case first: two finite numbers.
        if case .number(let l)? = lhs, case .number(let r)? = rhs, l.isFinite, r.isFinite {
            switch kind {
            case .add: return .number(l + r)
            case .subtract: return .number(l - r)
            case .multiply: return .number(l * r)
            case .divide: return .number(l / r)
            case .modulo: return .number(fmod(l, r))
            case .equal: return .bool(l == r)
            case .notEqual: return .bool(l != r)
            case .less: return .bool(l < r)
            case .lessOrEqual: return .bool(l <= r)
            case .greater: return .bool(l > r)
            case .greaterOrEqual: return .bool(l >= r)
            default: break
            }
        }
        let op = expr.value
        do throws(JSONataError) {
            switch kind {
            case .add, .subtract, .multiply, .divide, .modulo:
                if let lhs, !lhs.isNumber { throw JSONataError("T2001", token: op, value: lhs) }
                if let rhs, !rhs.isNumber { throw JSONataError("T2002", token: op, value: rhs) }
                guard case .number(let l)? = lhs, case .number(let r)? = rhs else { return nil }
                if !l.isFinite { throw JSONataError("D1001", value: lhs) }
                if !r.isFinite { throw JSONataError("D1001", value: rhs) }
                let v: Double
                switch kind {
                case .add: v = l + r
                case .subtract: v = l - r
                case .multiply: v = l * r
                case .divide: v = l / r
                default: v = fmod(l, r)
                }
                return .number(v)
            case .equal, .notEqual:
                guard let lhs, let rhs else { return .bool(false) }
                let eq = Functions.deepEqual(lhs, rhs)
                return .bool(kind == .equal ? eq : !eq)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                let lc = lhs == nil || lhs!.isString || lhs!.isNumber
                let rc = rhs == nil || rhs!.isString || rhs!.isNumber
                if !lc || !rc { throw JSONataError("T2010", token: op, value: !lc ? lhs : rhs) }
                guard let lhs, let rhs else { return nil }
                switch (lhs, rhs) {
                case (.number(let l), .number(let r)):
                    switch kind { case .less: return .bool(l < r); case .lessOrEqual: return .bool(l <= r); case .greater: return .bool(l > r); default: return .bool(l >= r) }
                case (.string(let l), .string(let r)):
                    let c = Functions.compareStrings(l, r)
                    switch kind { case .less: return .bool(c < 0); case .lessOrEqual: return .bool(c <= 0); case .greater: return .bool(c > 0); default: return .bool(c >= 0) }
                default:
                    throw JSONataError("T2009", token: op, value: lhs, value2: rhs)
                }
            case .concat:
                let l = try lhs.map { v throws(JSONataError) in try Functions.string(v) } ?? ""
                let r = try rhs.map { v throws(JSONataError) in try Functions.string(v) } ?? ""
                return .string(l + r)
            case .range:
                if let lhs, !Functions.isInteger(lhs) { throw JSONataError("T2003", token: op, value: lhs) }
                if let rhs, !Functions.isInteger(rhs) { throw JSONataError("T2004", token: op, value: rhs) }
                guard case .number(let l)? = lhs, case .number(let r)? = rhs else { return nil }
                if l > r { return nil }
                let size = r - l + 1
                if size > 1e7 { throw JSONataError("D2014", token: op, value: .number(size)) }
                var items: [JV] = []
                items.reserveCapacity(Int(size))
                var i = Int(l)
                let end = Int(r)
                while i <= end { items.append(.number(Double(i))); i += 1 }
                return .seq(items)
            case .in:
                guard let lhs, let rhs else { return .bool(false) }
                let items: [JV]
                if case .array(let a) = rhs { items = a.items } else { items = [rhs] }
                return .bool(items.contains { Functions.strictEqual($0, lhs) })
            default:
                throw JSONataError("S0204", token: op)
            }
        } catch {
            throw error.with(position: expr.position, token: op)
        }
    }

    func evaluateUnary(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        switch expr.value {
        case "-":
            guard let v = try evaluate(expr.expression!, input, env) else { return nil }
            if case .number(let n) = v { return .number(-n) }
            throw JSONataError("D1002", position: expr.position, token: "-", value: v)
        case "[":
            var result: [JV] = []
            for item in expr.expressions {
                guard let value = try evaluate(item, input, env) else { continue }
                if item.kind == .unary && item.value == "[" {
                    result.append(value)
                } else if case .array(let a) = value {
                    result.append(contentsOf: a.items)
                } else {
                    result.append(value)
                }
            }
            let arr = JArray(result)
            if expr.consarray { arr.cons = true }
            return .array(arr)
        case "{":
            return try evaluateGroup(expr.pairs, position: expr.position, input, env)
        default:
            return nil
        }
    }

    func evaluateGroup(_ pairs: [(Node, Node)], position: Int, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        // One item (an object constructor's usual case) needs no grouping: `single` is it
        // (.some(nil) for none), nil when there are several or they are tuples.
        let single: JV??
        if case .array(let a)? = input {
            single = a.tupleStream || a.items.count > 1 ? nil : .some(a.items.first)
        } else {
            single = .some(input)
        }
        if let item = single {
            let result = JObject(reserve: pairs.count)
            if Evaluator.literalDistinctKeys(pairs) {
                // keys that are distinct string literals: nothing to evaluate or check
                for pair in pairs {
                    if let value = try operand(pair.1, item, env) { result.appendNew(pair.0.value, value) }
                }
                return .object(result)
            }
            var seen: [Int] = []
            var keys: [String] = []
            for (pairIndex, pair) in pairs.enumerated() {
                guard let key = try evaluate(pair.0, item, env) else { continue }
                guard case .string(let k) = key else { throw JSONataError("T1003", position: position, value: key) }
                if let i = keys.firstIndex(of: k) {
                    if seen[i] != pairIndex { throw JSONataError("D1009", position: position, value: key) }
                    continue
                }
                keys.append(k)
                seen.append(pairIndex)
            }
            for (i, k) in keys.enumerated() {
                if let value = try evaluate(pairs[seen[i]].1, item, env) { result[k] = value }
            }
            return .object(result)
        }
        var reduce = false
        var items: [JV?] = []
        if case .array(let a)? = input {
            reduce = a.tupleStream
            items.reserveCapacity(a.items.count)
            for x in a.items { items.append(x) }
        }
        if items.isEmpty {
            // jsonata-js groups one undefined item, and reading a tuple's '@' from it throws
            if reduce { throw JSONataError(public: "TypeError", message: "Cannot read properties of undefined (reading '@')") }
            items = [nil]
        }
        // the groups in order of their first item: searched linearly while few, then through an index
        var groupKeys: [String] = []
        var groupData: [JV?] = []
        var groupExpr: [Int] = []
        var groupIndex: [String: Int]? = nil
        for item in items {
            let e = reduce ? Evaluator.frameFromTuple(env, item!.objectValue!) : env
            let context = reduce ? item!.objectValue!.tupleContext : item
            for (pairIndex, pair) in pairs.enumerated() {
                let key = try operand(pair.0, context, e)
                guard let key else { continue }
                guard case .string(let k) = key else { throw JSONataError("T1003", position: position, value: key) }
                var found: Int? = nil
                if let groupIndex {
                    found = groupIndex[k]
                } else {
                    let length = k.utf8.count
                    for g in 0..<groupKeys.count where groupKeys[g].utf8.count == length && groupKeys[g] == k { found = g; break }
                }
                if let g = found {
                    if groupExpr[g] != pairIndex { throw JSONataError("D1009", position: position, value: key) }
                    groupData[g] = Functions.append(groupData[g], item)
                } else {
                    groupKeys.append(k)
                    groupData.append(item)
                    groupExpr.append(pairIndex)
                    if groupIndex != nil {
                        groupIndex![k] = groupKeys.count - 1
                    } else if groupKeys.count > 16 {
                        var d: [String: Int] = [:]
                        for (g, gk) in groupKeys.enumerated() { d[gk] = g }
                        groupIndex = d
                    }
                }
            }
        }
        let result = JObject(reserve: groupKeys.count)
        for (g, key) in groupKeys.enumerated() {
            let entry = (data: groupData[g], exprIndex: groupExpr[g])
            var context = entry.data
            var e = env
            if reduce {
                let tuple = reduceTupleStream(entry.data)
                context = tuple["@"]
                tuple["@"] = nil
                e = Evaluator.frameFromTuple(env, tuple)
            }
            // the group keys are distinct: appended without looking for them
            if let value = try operand(pairs[entry.exprIndex].1, context, e) {
                result.appendNew(key, value)
            }
        }
        return .object(result)
    }

    /// Whether an object constructor's keys are string literals, all different (see ``Node/literalKeys``).
    @inline(__always) static func literalDistinctKeys(_ pairs: [(Node, Node)]) -> Bool {
        pairs.first?.0.literalKeys ?? false
    }

    func reduceTupleStream(_ stream: JV?) -> JObject {
        guard case .array(let a)? = stream else { return stream?.objectValue?.copy() ?? JObject() }
        let result = a.items.first?.objectValue?.copy() ?? JObject()
        for t in a.items.dropFirst() {
            guard let o = t.objectValue else { continue }
            for m in o.entries { result[m.key] = Functions.append(result[m.key], m.value) }
        }
        return result
    }

    func evaluateSort(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        guard let input else { return nil }
        guard case .array(let a) = input else { return input }
        if a.items.count <= 1 { return input }
        let order = try sortOrder(expr, a.items, isTuple: a.tupleStream, env)
        let out = JArray.sequence(order.map { a.items[$0] })
        out.tupleStream = a.tupleStream
        return .array(out)
    }

    /// The order a sort step (`^(...)`) puts `items` in, as indices: each item's keys evaluated
    /// once, compared as jsonata-js compares them (undefined last, numbers with numbers, strings
    /// with strings, T2007/T2008 otherwise), in jsonata-js's merge-sort order.
    func sortOrder(_ expr: Node, _ items: [JV], isTuple: Bool, _ env: Frame) throws(JSONataError) -> [Int] {
        // item x's key for term t at x * terms + t
        let termCount = expr.terms.count
        var keys: [JV?] = []
        keys.reserveCapacity(items.count * termCount)
        for item in items {
            var context: JV? = item
            var e = env
            if isTuple, let t = item.objectValue {
                context = t.tupleContext
                e = Evaluator.frameFromTuple(env, t)
            }
            for term in expr.terms { keys.append(try operand(term.expression, context, e)) }
        }
        if termCount == 1, let order = Evaluator.sortedByNumbers(keys, descending: expr.terms[0].descending) {
            return order
        }
        var sortError: JSONataError? = nil
        func greater(_ x: Int, _ y: Int) -> Bool {
            var comp = 0
            var index = 0
            while comp == 0 && index < expr.terms.count {
                let term = expr.terms[index]
                let aa = keys[x * termCount + index], bb = keys[y * termCount + index]
                index += 1
                guard let aa else { comp = bb == nil ? 0 : 1; continue }
                guard let bb else { comp = -1; continue }
                let aOK = aa.isNumber || aa.isString, bOK = bb.isNumber || bb.isString
                if !aOK || !bOK {
                    if sortError == nil { sortError = JSONataError("T2008", position: expr.position, value: !aOK ? aa : bb) }
                    return false
                }
                switch (aa, bb) {
                case (.number(let l), .number(let r)): comp = l == r ? 0 : (l < r ? -1 : 1)
                case (.string(let l), .string(let r)): let c = Functions.compareStrings(l, r); comp = c == 0 ? 0 : (c < 0 ? -1 : 1)
                default:
                    if sortError == nil { sortError = JSONataError("T2007", position: expr.position, value: aa, value2: bb) }
                    return false
                }
                if term.descending { comp = -comp }
            }
            return comp == 1
        }
        let order = Functions.mergeSortedIndices(count: items.count, greater)
        if let sortError { throw sortError }
        return order
    }

    /// The order of one sort term whose keys are all numbers (the usual `^(>Price)`), compared
    /// as doubles: what the general comparison gives them. nil when a key is anything else.
    static func sortedByNumbers(_ keys: [JV?], descending: Bool) -> [Int]? {
        var numbers: [Double] = []
        numbers.reserveCapacity(keys.count)
        for key in keys {
            guard case .number(let n)? = key else { return nil }
            numbers.append(n)
        }
        return numbers.withUnsafeBufferPointer { n in
            descending
                ? Functions.mergeSortedIndices(count: n.count) { n[$0] < n[$1] }
                : Functions.mergeSortedIndices(count: n.count) { n[$0] > n[$1] }
        }
    }

    // MARK: - functions

    func evaluateFunction(_ expr: Node, _ input: JV?, _ env: Frame, applyTo: JV??) throws(JSONataError) -> JV? {
        let procedure = expr.procedure!
        let proc = procedure.isPlainVariable ? variable(procedure, env) : try evaluate(procedure, input, env)
        if proc == nil, procedure.kind == .path, lookup(procedure.steps[0].value, env) != nil {
            throw JSONataError("T1005", position: expr.position, token: procedure.steps[0].value)
        }
        // A lambda of up to two distinct parameters without a signature, given as many arguments:
        // they are bound straight into its frame, with no argument array.
        if case .function(let f)? = proc, let l = f.lambda,
           l.node.directArity == expr.arguments.count + (applyTo == nil ? 0 : 1), l.node.directArity <= 2 {
            let names = l.node.argumentNames
            let frame = Frame(parent: l.environment)
            var i = 0
            if let applyTo { frame.bindNew(names[0], applyTo); i = 1 }
            for a in expr.arguments {
                frame.bindNew(names[i], try operand(a, input, env))
                i += 1
            }
            do throws(JSONataError) {
                return try resolveThunks(try evaluate(l.node.body!, l.input, frame), input, env)
            } catch {
                let procName = expr.procedure!.kind == .path ? expr.procedure!.steps[0].value : expr.procedure!.value
                throw error.with(position: expr.position, token: procName)
            }
        }
        var args: [JV?] = []
        if case .function(let f)? = proc, case .builtin(let b) = f.kind, let unary = b.unary,
           expr.arguments.count + (applyTo == nil ? 0 : 1) == 1 {
            // one argument to a built-in with a shortcut (`$sum(Price)`): no argument array or signature check
            let a: JV?
            if let applyTo { a = applyTo } else { a = try operand(expr.arguments[0], input, env) }
            if let a, let r = unary(a) { return r }
            args = [a]
        } else {
            args.reserveCapacity(expr.arguments.count + 1)
            if let applyTo { args.append(applyTo) }
            for a in expr.arguments { args.append(try operand(a, input, env)) }
        }
        let procName = expr.procedure!.kind == .path ? expr.procedure!.steps[0].value : expr.procedure!.value
        do throws(JSONataError) {
            return try apply(proc, args, input, env)
        } catch {
            throw error.with(position: expr.position, token: procName)
        }
    }

    func apply(_ proc: JV?, _ args: [JV?], _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        try resolveThunks(try applyInner(proc, args, input, env), input, env)
    }

    /// A lambda's result: a tail call (a thunk) is applied here, in a loop, so the stack does not grow.
    @inline(__always) func resolveThunks(_ first: JV?, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var result = first
        while case .function(let f)? = result, let l = f.lambda, l.thunk {
            let body = l.node.body!
            let next = try evaluate(body.procedure!, l.input, l.environment)
            var evaluatedArgs: [JV?] = []
            for a in body.arguments { evaluatedArgs.append(try evaluate(a, l.input, l.environment)) }
            do throws(JSONataError) {
                result = try applyInner(next, evaluatedArgs, input, env)
            } catch {
                let name = body.procedure!.kind == .path ? body.procedure!.steps[0].value : body.procedure!.value
                throw error.with(position: body.position, token: name)
            }
        }
        return result
    }

    func applyInner(_ proc: JV?, _ args: [JV?], _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        guard case .function(let f)? = proc else { throw JSONataError("T1006") }
        var validated = args
        if let sig = f.signature { validated = try sig.validate(args, context: input) }
        switch f.kind {
        case .lambda(let l):
            if l.thunk { return proc }
            let frame = Frame(parent: l.environment)
            let names = l.node.argumentNames
            if names.count == validated.count && l.node.argumentsDistinct {
                for i in 0..<names.count { frame.bindNew(names[i], validated[i]) }
            } else {
                for (i, p) in names.enumerated() { frame.bind(p, i < validated.count ? validated[i] : nil) }
            }
            return try evaluate(l.node.body!, l.input, frame)
        case .builtin(let b):
            return try b.implementation(self, validated, input, env)
        case .native(let n):
            return try n.call(validated)
        case .regex(let r):
            return try Functions.regexClosure(r, validated.first ?? nil, from: 0, evaluator: self)
        case .partial(let base, let bound):
            var full: [JV?] = []
            var i = 0
            for b in bound {
                if let b { full.append(b) } else { full.append(i < validated.count ? validated[i] : nil); i += 1 }
            }
            return try apply(.function(base), full, input, env)
        case .chain(let g, let h):
            let r = try apply(.function(g), validated, nil, env)
            return try apply(.function(h), [r], nil, env)
        case .transform(let node, let frame):
            return try applyTransform(node, frame, validated.first ?? nil)
        case .closure(_, let body):
            return try body(validated)
        }
    }

    /// The lambda a higher-order function can call directly with `count` arguments (no signature,
    /// distinct parameters, exactly that many): found once, before the loop, and called with
    /// ``invoke(_:_:_:_:count:env:)``. nil when `f` is anything else (the caller then goes through
    /// ``apply(_:_:_:_:)``).
    @inline(__always) func directLambda(_ f: JV?, count: Int) -> JFunction.Lambda? {
        guard case .function(let fn)? = f, let l = fn.lambda, l.node.directArity == count else { return nil }
        return l
    }

    /// A call of a ``directLambda(_:count:)`` with up to three arguments, bound straight into its frame.
    @inline(__always) func invoke(_ l: JFunction.Lambda, _ a0: JV?, _ a1: JV?, _ a2: JV?, count: Int, env: Frame) throws(JSONataError) -> JV? {
        let names = l.node.argumentNames
        let frame = Frame(parent: l.environment)
        if count > 0 { frame.bindNew(names[0], a0) }
        if count > 1 { frame.bindNew(names[1], a1) }
        if count > 2 { frame.bindNew(names[2], a2) }
        return try resolveThunks(try evaluate(l.node.body!, l.input, frame), nil, env)
    }

    func evaluatePartial(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        var args: [JV??] = []
        for a in expr.arguments {
            if a.kind == .op && a.value == "?" { args.append(.none) } else { args.append(.some(try evaluate(a, input, env))) }
        }
        let proc = try evaluate(expr.procedure!, input, env)
        if proc == nil, expr.procedure!.kind == .path, lookup(expr.procedure!.steps[0].value, env) != nil {
            throw JSONataError("T1007", position: expr.position, token: expr.procedure!.steps[0].value)
        }
        guard case .function(let f)? = proc else {
            let name = expr.procedure!.kind == .path ? expr.procedure!.steps[0].value : expr.procedure!.value
            throw JSONataError("T1008", position: expr.position, token: name)
        }
        // undefined supplied arguments stay undefined (distinct from the `?` placeholders)
        return .function(JFunction(.partial(f, args)))
    }

    func evaluateApply(_ expr: Node, _ input: JV?, _ env: Frame) throws(JSONataError) -> JV? {
        let lhs = try evaluate(expr.lhs!, input, env)
        if expr.rhs!.kind == .function {
            return try evaluateFunction(expr.rhs!, input, env, applyTo: .some(lhs))
        }
        let fn = try evaluate(expr.rhs!, input, env)
        guard case .function(let f)? = fn else { throw JSONataError("T2006", position: expr.position, value: fn) }
        if case .function(let g)? = lhs {
            return .function(JFunction(.chain(g, f)))
        }
        return try apply(fn, [lhs], nil, env)
    }

    func applyTransform(_ expr: Node, _ env: Frame, _ obj: JV?) throws(JSONataError) -> JV? {
        guard let obj else { return nil }
        let cloneFn = lookup("clone", env)
        guard case .function? = cloneFn else { throw JSONataError("T2013", position: expr.position) }
        let result = try apply(cloneFn, [obj], nil, env)
        if var matches = try evaluate(expr.pattern!, result, env) {
            if case .array = matches {} else { matches = .arr([matches]) }
            for match in matches.arrayValue!.items {
                let update = try evaluate(expr.update!, match, env)
                if let update {
                    guard case .object(let u) = update else { throw JSONataError("T2011", position: expr.update!.position, value: update) }
                    if case .object(let m) = match {
                        for member in u.entries { m[member.key] = member.value }
                    }
                }
                if let del = expr.delete, let deletions = try evaluate(del, match, env) {
                    let list: [JV]
                    if case .array(let a) = deletions { list = a.items } else { list = [deletions] }
                    guard list.allSatisfy({ $0.isString }) else { throw JSONataError("T2012", position: del.position, value: deletions) }
                    if case .object(let m) = match {
                        for d in list { m[d.stringValue!] = nil }
                    }
                }
            }
        }
        return result
    }
}
