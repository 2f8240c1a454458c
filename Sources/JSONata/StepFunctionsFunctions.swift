import Digest
import Foundation
import JSON

/// AWS Step Functions' additions to JSONata: `$partition`, `$range`, `$hash`, `$random([seed])`,
/// `$uuid` and `$parse` ("Transforming data with JSONata in Step Functions").
enum StepFunctionsFunctions {
    static let table: [String: JFunction] = {
        var t: [String: JFunction] = [:]
        func add(_ e: (String, JFunction)) { t[e.0] = e.1 }
        add(Functions.make("partition", "<an:a>") { _, a, _, _ throws(JSONataError) in
            guard let v = Functions.arg(a, 0) else { return nil }
            guard case .number(let size)? = Functions.arg(a, 1), size >= 1, size.rounded() == size else {
                throw JSONataError("D3040", message: "The size argument of $partition must be a positive integer")
            }
            let items = Functions.items(v)
            let n = Int(size)
            var out: [JV] = []
            var i = 0
            while i < items.count {
                out.append(.arr(Array(items[i..<min(i + n, items.count)])))
                i += n
            }
            return .arr(out)
        })
        add(Functions.make("range", "<nnn?:a>") { _, a, _, _ throws(JSONataError) in
            guard let start = Functions.num(a, 0), let end = Functions.num(a, 1) else { return nil }
            let step = Functions.num(a, 2) ?? 1
            if step == 0 || !step.isFinite { throw JSONataError("D3050", message: "The step argument of $range must not be zero") }
            var out: [JV] = []
            var x = start
            while step > 0 ? x <= end : x >= end {
                out.append(.number(x))
                if out.count > 10_000_000 { throw JSONataError("D2014", value: .number(Double(out.count))) }
                x += step
            }
            // A sequence, as AWS's $range gives: one number comes out as that number (the corpus
            // records $range(1, 9, 9) as 1, not [1]).
            return .seq(out)
        })
        add(Functions.make("hash", "<s-s?:s>") { _, a, _, _ throws(JSONataError) in
            guard let s = Functions.str(a, 0) else { return nil }
            let name = Functions.str(a, 1) ?? "SHA-256"
            guard let algorithm = Digest.Algorithm(rawValue: name.uppercased()) else {
                throw JSONataError("D3137", message: "Unsupported hash algorithm \(name): use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
            }
            return .string(Digest.hex(Digest.hash(Array(s.utf8), algorithm)))
        })
        add(Functions.make("random", "<n?:n>") { _, a, _, _ throws(JSONataError) in
            if let seed = Functions.num(a, 0) {
                var state = UInt64(bitPattern: Int64(seed.rounded(.towardZero)))
                return .number(Double(splitMix64(&state) >> 11) / Double(1 << 53))
            }
            return .number(Double.random(in: 0..<1))
        })
        add(Functions.make("uuid", "<:s>") { _, _, _, _ throws(JSONataError) in
            .string(UUID().uuidString.lowercased())
        })
        add(Functions.make("parse", "<s-:j>") { _, a, _, _ throws(JSONataError) in
            guard let s = Functions.str(a, 0) else { return nil }
            do {
                return try JSONValue.parse(s, builder: OrderedBuilder())
            } catch {
                throw JSONataError("D3137", value: .string(s), message: "$parse: the argument is not valid JSON (\(error))")
            }
        })
        return t
    }()

    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `$eval(expr [, context])` (not offered by AWS Step Functions; see `JSONataOptions.allowEval`).
enum EvalFunction {
    static let table: [String: JFunction] = {
        var t: [String: JFunction] = [:]
        let e = Functions.make("eval", "<sx?:x>") { ev, a, input, env throws(JSONataError) in
            guard let text = Functions.str(a, 0) else { return nil }
            let ast: Node
            do throws(JSONataError) { ast = try Parser.parse(text) } catch {
                throw JSONataError("D3120", value: .string(error.message))
            }
            let context = a.count > 1 && a[1] != nil ? a[1] : input
            do throws(JSONataError) {
                return try ev.evaluate(ast, context, env)
            } catch {
                throw JSONataError("D3121", value: .string(error.message))
            }
        }
        t[e.0] = e.1
        return t
    }()
}

/// The variables an expression reads that it never binds itself.
enum FreeVariables {
    static func collect(_ root: Node, bound: Set<String>, into free: inout Set<String>) {
        var used = Set<String>()
        var defined = Set<String>()
        walk(root, &used, &defined)
        free = used.subtracting(defined)
    }

    static func walk(_ n: Node, _ used: inout Set<String>, _ defined: inout Set<String>) {
        switch n.kind {
        case .variable: used.insert(n.value)
        case .bind: defined.insert(n.lhs!.value)
        case .lambda: for a in n.arguments { defined.insert(a.value) }
        default: break
        }
        if let f = n.focus { defined.insert(f) }
        if let i = n.index { defined.insert(i) }
        var children: [Node] = []
        for x in [n.lhs, n.rhs, n.expression, n.condition, n.then, n.otherwise, n.procedure, n.body, n.pattern, n.update, n.delete] {
            if let x { children.append(x) }
        }
        children += n.expressions + n.steps + n.arguments.filter { $0.kind != .variable || n.kind != .lambda }
        for (k, v) in n.pairs { children += [k, v] }
        if let g = n.group { for (k, v) in g.pairs { children += [k, v] } }
        for t in n.terms { children.append(t.expression) }
        for s in (n.predicate ?? []) + (n.stages ?? []) {
            switch s {
            case .filter(let e, _): children.append(e)
            case .index(let name): defined.insert(name)
            }
        }
        for c in children { walk(c, &used, &defined) }
    }
}
