import Foundation

/// A node of the expression tree. Built and rewritten by the parser (as jsonata-js does in its
/// `processAST` step), then never changed again: a parsed expression is shared read-only.
final class Node: @unchecked Sendable {
    enum Kind: String {
        case path, binary, unary, name, string, number, value, wildcard, descendant, parent
        case condition, block, bind, regex, function, partial, variable, lambda, apply, transform, sort
        case op // a bare operator token (`?` placeholder in partial application, `and`/`or`/`in` as names)
        case end
    }

    enum Stage {
        case filter(Node, position: Int)
        case index(String)
    }

    struct SortTerm {
        var descending: Bool
        var expression: Node
    }

    var kind: Kind
    var value: String = ""         // operator, name, variable name, string literal
    var number: Double = 0
    var literal: JV? = nil
    var regex: JRegex? = nil
    var position: Int

    var lhs: Node?
    var rhs: Node?
    var expression: Node?
    var expressions: [Node] = []
    var pairs: [(Node, Node)] = []
    var terms: [SortTerm] = []
    var steps: [Node] = []
    var predicate: [Stage]? = nil
    var stages: [Stage]? = nil
    var group: (pairs: [(Node, Node)], position: Int)? = nil
    var focus: String? = nil
    var index: String? = nil
    var tuple = false
    var ancestor: Slot? = nil
    var slot: Slot? = nil
    var seekingParent: [Slot]? = nil
    var keepArray = false
    var keepSingletonArray = false
    var consarray = false
    var condition: Node?
    var then: Node?
    var otherwise: Node?
    var procedure: Node?
    var arguments: [Node] = []
    var body: Node?
    var signature: Signature?
    var thunk = false
    var pattern: Node?
    var update: Node?
    var delete: Node?
    var nextFunction: String?

    /// A binary operator, decoded once (`value` holds its text).
    enum BinaryOp: UInt8 {
        case other, add, subtract, multiply, divide, modulo, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case concat, range, `in`, and, or
        init(_ text: String) {
            switch text {
            case "+": self = .add
            case "-": self = .subtract
            case "*": self = .multiply
            case "/": self = .divide
            case "%": self = .modulo
            case "=": self = .equal
            case "!=": self = .notEqual
            case "<": self = .less
            case "<=": self = .lessOrEqual
            case ">": self = .greater
            case ">=": self = .greaterOrEqual
            case "&": self = .concat
            case "..": self = .range
            case "in": self = .in
            case "and": self = .and
            case "or": self = .or
            default: self = .other
            }
        }
    }
    var binaryOp: BinaryOp = .other

    /// A path of one plain field name (no predicate, binding, grouping or parent): evaluated by a direct member read.
    /// Set once parsing is done (see `finish()`).
    var isSimpleName = false
    /// A lambda's parameter names (without `$`).
    var argumentNames: [String] = []
    var argumentsDistinct = true
    /// For a lambda whose arguments can be bound straight into its frame (no signature, distinct
    /// names, not a tail-call thunk): its parameter count; -1 otherwise. Set by `finish()`.
    var directArity = -1
    /// A variable reference (`$name`) with nothing applied to it: read by ``Evaluator/variable(_:_:)``.
    var isPlainVariable = false
    /// For a variable naming a built-in function: that function (used when no frame binds the name).
    var builtin: JFunction? = nil

    func resolveBuiltins(_ table: [String: JFunction]) {
        if kind == .variable { builtin = table[value] }
        for x in [lhs, rhs, expression, condition, then, otherwise, procedure, body, pattern, update, delete] { x?.resolveBuiltins(table) }
        for x in expressions + steps + arguments { x.resolveBuiltins(table) }
        for (k, v) in pairs { k.resolveBuiltins(table); v.resolveBuiltins(table) }
        if let g = group { for (k, v) in g.pairs { k.resolveBuiltins(table); v.resolveBuiltins(table) } }
        for t in terms { t.expression.resolveBuiltins(table) }
        for s in (predicate ?? []) + (stages ?? []) { if case .filter(let e, _) = s { e.resolveBuiltins(table) } }
    }
    /// A path without focus, index or parent bindings, sorting or grouping, whose steps have at most
    /// one literal index each (`Account.Order[0].Product.(Price * Quantity)`): evaluated over plain
    /// arrays (``Evaluator/evaluateNamePath(_:_:_:)``), without a sequence per step.
    var isNamePath = false
    /// For the first key of an object constructor: whether all its keys are distinct string
    /// literals (the constructor then evaluates no key). Set by `finish()`.
    var literalKeys = false
    /// A literal with nothing applied to it: its value is `literal`.
    var isPlainLiteral = false
    /// A path of one plain field name with nothing applied to it (`Price`).
    var isFieldRead = false
    /// A path step that is a field name and nothing more: read straight from each object.
    var isPlainName = false
    /// `$var.name`: a variable's member, read directly when the variable holds an object.
    var isVariableName = false
    /// A block that binds a variable (`:=`) somewhere inside, so needs its own frame.
    var bindsVariables = false

    func containsBind() -> Bool {
        if kind == .bind { return true }
        if kind == .lambda { return false }
        for x in [lhs, rhs, expression, condition, then, otherwise, procedure, pattern, update, delete] where x?.containsBind() == true { return true }
        for x in expressions + steps + arguments where x.containsBind() { return true }
        for (k, v) in pairs where k.containsBind() || v.containsBind() { return true }
        if let g = group { for (k, v) in g.pairs where k.containsBind() || v.containsBind() { return true } }
        for t in terms where t.expression.containsBind() { return true }
        for s in (predicate ?? []) + (stages ?? []) { if case .filter(let e, _) = s, e.containsBind() { return true } }
        return false
    }

    /// The last step of parsing: precomputes what evaluation asks of each node, before the tree is shared.
    func finish() {
        isSimpleName = kind == .path && !steps.isEmpty && group == nil && !keepSingletonArray && !tuple && !keepArray
            && steps.allSatisfy { s in
                s.kind == .name && s.stages == nil && s.predicate == nil && !s.tuple && s.focus == nil && s.index == nil
                    && s.ancestor == nil && s.group == nil && !s.keepArray
            }
        isNamePath = kind == .path && !steps.isEmpty && !keepSingletonArray && !tuple && !keepArray
            && !steps[0].consarray
            && steps.allSatisfy { s in
                !s.tuple && s.focus == nil && s.index == nil && s.ancestor == nil
                    && (s.stages ?? []).allSatisfy { if case .filter = $0 { return true }; return false }
            }
        for s in steps {
            s.isPlainName = s.kind == .name && s.predicate == nil && s.group == nil && !s.keepArray
        }
        if kind == .path && steps.count == 2 && group == nil && !keepSingletonArray && !tuple && !keepArray {
            let v = steps[0], n = steps[1]
            isVariableName = v.kind == .variable && !v.value.isEmpty && v.stages == nil && v.predicate == nil && !v.tuple && v.focus == nil
                && v.index == nil && v.group == nil && !v.keepArray && !v.consarray
                && n.kind == .name && n.stages == nil && n.predicate == nil && !n.tuple && n.focus == nil && n.index == nil
                && n.ancestor == nil && n.group == nil && !n.keepArray
        }
        if kind == .binary { binaryOp = BinaryOp(value) }
        isPlainLiteral = (kind == .string || kind == .number || kind == .value) && predicate == nil && group == nil && !keepArray
        isFieldRead = isSimpleName && steps.count == 1 && predicate == nil
        for ps in [pairs, group?.pairs ?? []] where !ps.isEmpty {
            var seen = Set<String>()
            ps[0].0.literalKeys = ps.allSatisfy { $0.0.kind == .string && $0.0.predicate == nil && $0.0.group == nil && $0.0.stages == nil && seen.insert($0.0.value).inserted }
        }
        if kind == .block { bindsVariables = expressions.contains { $0.containsBind() } }
        if kind == .lambda {
            argumentNames = arguments.map(\.value)
            argumentsDistinct = Set(argumentNames).count == argumentNames.count
            directArity = signature == nil && argumentsDistinct && !thunk ? argumentNames.count : -1
        }
        isPlainVariable = kind == .variable && !value.isEmpty && predicate == nil && group == nil && !keepArray
        for x in [lhs, rhs, expression, condition, then, otherwise, procedure, body, pattern, update, delete] { x?.finish() }
        for x in expressions + steps + arguments { x.finish() }
        for (k, v) in pairs { k.finish(); v.finish() }
        if let g = group { for (k, v) in g.pairs { k.finish(); v.finish() } }
        for t in terms { t.expression.finish() }
        for s in (predicate ?? []) + (stages ?? []) { if case .filter(let e, _) = s { e.finish() } }
    }

    init(_ kind: Kind, position: Int, value: String = "") {
        self.kind = kind
        self.position = position
        self.value = value
    }

    init(token: Token) {
        position = token.position
        value = token.text
        switch token.kind {
        case .op: kind = .op
        case .name: kind = .name
        case .variable: kind = .variable
        case .string: kind = .string; literal = .string(token.text)
        case .number: kind = .number; number = token.number; literal = .number(token.number)
        case .value: kind = .value; literal = token.literal
        case .regex: kind = .regex; regex = token.regex
        case .end: kind = .end
        }
    }
}

/// A `%` (parent) reference: resolved to the step whose input it names, bound under `label`.
final class Slot: @unchecked Sendable {
    var label: String
    var level: Int
    let index: Int
    init(label: String, level: Int, index: Int) {
        self.label = label
        self.level = level
        self.index = index
    }
}

/// The Pratt parser of jsonata-js, then its AST post-processing (paths, predicates, grouping, parents).
struct Parser {
    var lexer: Lexer
    var token: Token
    var ancestorLabel = 0
    var ancestorIndex = 0
    var ancestry: [Node] = []

    static let bindingPowers: [String: Int] = [
        ".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80, ";": 0, ":": 0,
        "?": 20, "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 20, "=": 40, "<": 40, ">": 40, "^": 40,
        "**": 60, "..": 20, ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40, "and": 30, "or": 25, "in": 40,
        "&": 50, "!": 0, "~": 0,
    ]
    static let infixOps: Set<String> = [".", "[", "{", "(", "@", "#", "?", "+", "-", "*", "/", "%", "=", "<", ">", "^", ":=", "!=", "<=", ">=", "~>", "and", "or", "in", "&"]

    static func parse(_ text: String) throws(JSONataError) -> Node {
        var lexer = Lexer(text)
        let first = try lexer.next(infix: false)
        var parser = Parser(lexer: lexer, token: first)
        let ast = try parser.expression(0)
        if parser.token.kind != .end {
            throw JSONataError("S0201", position: parser.token.position, token: parser.token.text)
        }
        let result = try parser.processAST(ast)
        if result.kind == .parent || result.seekingParent != nil {
            throw JSONataError("S0217", position: result.position, token: result.kind.rawValue)
        }
        result.finish()
        return result
    }

    func lbp(_ t: Token) -> Int {
        switch t.kind {
        case .op: return Parser.infixOps.contains(t.text) ? (Parser.bindingPowers[t.text] ?? 0) : 0
        default: return 0
        }
    }

    @discardableResult
    mutating func advance(_ id: String? = nil, infix: Bool = false) throws(JSONataError) -> Token {
        if let id, token.id != id {
            let code = token.kind == .end ? "S0203" : "S0202"
            throw JSONataError(code, position: token.position, token: token.text, value: .string(id))
        }
        let current = token
        let next = try lexer.next(infix: infix)
        if next.kind == .op, Parser.bindingPowers[next.text] == nil || next.text == "!" || next.text == "~" {
            throw JSONataError("S0204", position: next.position, token: next.text)
        }
        token = next
        return current
    }

    mutating func expression(_ rbp: Int) throws(JSONataError) -> Node {
        let t = token
        try advance(nil, infix: true)
        var left = try nud(t)
        while rbp < lbp(token) {
            let t = token
            try advance()
            left = try led(t, left)
        }
        return left
    }

    mutating func nud(_ t: Token) throws(JSONataError) -> Node {
        switch t.kind {
        case .name, .variable, .string, .number, .value, .regex:
            return Node(token: t)
        case .end:
            throw JSONataError("S0207", position: t.position, token: t.text)
        case .op:
            break
        }
        let node = Node(token: t)
        switch t.text {
        case "and", "or", "in":
            node.kind = .name
            return node
        case "-":
            node.kind = .unary
            node.expression = try expression(70)
            return node
        case "*":
            node.kind = .wildcard
            return node
        case "**":
            node.kind = .descendant
            return node
        case "%":
            node.kind = .parent
            return node
        case "(":
            var exprs: [Node] = []
            while token.id != ")" {
                exprs.append(try expression(0))
                if token.id != ";" { break }
                try advance(";")
            }
            try advance(")", infix: true)
            node.kind = .block
            node.expressions = exprs
            return node
        case "[":
            var items: [Node] = []
            if token.id != "]" {
                while true {
                    var item = try expression(0)
                    if token.id == ".." {
                        let range = Node(.binary, position: token.position, value: "..")
                        range.lhs = item
                        try advance("..")
                        range.rhs = try expression(0)
                        item = range
                    }
                    items.append(item)
                    if token.id != "," { break }
                    try advance(",")
                }
            }
            try advance("]", infix: true)
            node.kind = .unary
            node.expressions = items
            return node
        case "{":
            node.kind = .unary
            node.pairs = try objectPairs()
            return node
        case "|":
            node.kind = .transform
            node.pattern = try expression(0)
            try advance("|")
            node.update = try expression(0)
            if token.id == "," {
                try advance(",")
                node.delete = try expression(0)
            }
            try advance("|")
            return node
        default:
            throw JSONataError("S0211", position: t.position, token: t.text)
        }
    }

    mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if token.id != "}" {
            while true {
                let key = try expression(0)
                try advance(":")
                let value = try expression(0)
                pairs.append((key, value))
                if token.id != "," { break }
                try advance(",")
            }
        }
        try advance("}", infix: true)
        return pairs
    }

    mutating func led(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        let node = Node(token: t)
        let bp = Parser.bindingPowers[t.text] ?? 0
        switch t.text {
        case "(":
            node.procedure = left
            node.kind = .function
            if token.id != ")" {
                while true {
                    if token.kind == .op && token.text == "?" {
                        node.kind = .partial
                        node.arguments.append(Node(token: token))
                        try advance("?")
                    } else {
                        node.arguments.append(try expression(0))
                    }
                    if token.id != "," { break }
                    try advance(",")
                }
            }
            try advance(")", infix: true)
            if left.kind == .name && (left.value == "function" || left.value == "\u{03BB}") {
                for (i, arg) in node.arguments.enumerated() where arg.kind != .variable {
                    throw JSONataError("S0208", position: arg.position, token: arg.value, value: .number(Double(i + 1)))
                }
                node.kind = .lambda
                if token.id == "<" {
                    let sigPos = token.position
                    // the signature's raw text up to its matching '>'
                    var depth = 1
                    var sig = "<"
                    var i = lexer.position
                    while depth > 0, i < lexer.chars.count {
                        let c = lexer.chars[i]
                        if c == "{" { break }
                        if c == ">" { depth -= 1 } else if c == "<" { depth += 1 }
                        if !c.isWhitespace { sig.append(c) }
                        i += 1
                    }
                    lexer.position = i
                    token = try lexer.next(infix: false)
                    do throws(JSONataError) {
                        node.signature = try Signature.parse(sig)
                    } catch {
                        var e = error
                        e.position = sigPos + (e.position ?? 0)
                        throw e
                    }
                }
                try advance("{")
                node.body = try expression(0)
                try advance("}")
            }
            return node
        case "[":
            if token.id == "]" {
                var step: Node? = left
                while let s = step, s.kind == .binary, s.value == "[" { step = s.lhs }
                step?.keepArray = true
                try advance("]")
                return left
            }
            node.lhs = left
            node.rhs = try expression(Parser.bindingPowers["]"]!)
            node.kind = .binary
            try advance("]", infix: true)
            return node
        case "{":
            node.lhs = left
            node.pairs = try objectPairs()
            node.kind = .binary
            return node
        case "^":
            try advance("(")
            var terms: [Node.SortTerm] = []
            while true {
                var descending = false
                if token.id == "<" { try advance("<") } else if token.id == ">" { descending = true; try advance(">") }
                terms.append(Node.SortTerm(descending: descending, expression: try expression(0)))
                if token.id != "," { break }
                try advance(",")
            }
            try advance(")")
            node.lhs = left
            node.terms = terms
            node.kind = .binary
            return node
        case ":=":
            if left.kind != .variable { throw JSONataError("S0212", position: left.position, token: left.value) }
            node.lhs = left
            node.rhs = try expression(bp - 1)
            node.kind = .binary
            return node
        case "@", "#":
            node.lhs = left
            node.rhs = try expression(bp)
            if node.rhs!.kind != .variable { throw JSONataError("S0214", position: node.rhs!.position, token: t.text) }
            node.kind = .binary
            return node
        case "?":
            node.kind = .condition
            node.condition = left
            node.then = try expression(0)
            if token.id == ":" {
                try advance(":")
                node.otherwise = try expression(0)
            }
            return node
        default:
            node.lhs = left
            node.rhs = try expression(bp)
            node.kind = .binary
            return node
        }
    }

    // MARK: - AST post-processing (jsonata-js processAST)

    mutating func processAST(_ expr: Node) throws(JSONataError) -> Node {
        var result: Node
        switch expr.kind {
        case .binary:
            switch expr.value {
            case ".":
                let lstep = try processAST(expr.lhs!)
                if lstep.kind == .path {
                    result = lstep
                } else {
                    result = Node(.path, position: lstep.position)
                    result.steps = [lstep]
                }
                if lstep.kind == .parent { result.seekingParent = [lstep.slot!] }
                let rest = try processAST(expr.rhs!)
                if rest.kind == .function, let p = rest.procedure, p.kind == .path, p.steps.count == 1, p.steps[0].kind == .name,
                   result.steps.last!.kind == .function {
                    result.steps.last!.nextFunction = p.steps[0].value
                }
                if rest.kind == .path {
                    result.steps.append(contentsOf: rest.steps)
                } else {
                    if rest.predicate != nil {
                        rest.stages = rest.predicate
                        rest.predicate = nil
                    }
                    result.steps.append(rest)
                }
                for step in result.steps {
                    if step.kind == .number || step.kind == .value {
                        throw JSONataError("S0213", position: step.position, value: step.literal)
                    }
                    if step.kind == .string { step.kind = .name }
                }
                if result.steps.contains(where: { $0.keepArray }) { result.keepSingletonArray = true }
                let first = result.steps[0]
                if first.kind == .unary && first.value == "[" { first.consarray = true }
                let last = result.steps[result.steps.count - 1]
                if last.kind == .unary && last.value == "[" { last.consarray = true }
                try resolveAncestry(result)
            case "[":
                result = try processAST(expr.lhs!)
                var step = result
                var isStages = false
                if result.kind == .path {
                    step = result.steps[result.steps.count - 1]
                    isStages = true
                }
                if step.group != nil { throw JSONataError("S0209", position: expr.position) }
                let predicate = try processAST(expr.rhs!)
                if let seeking = predicate.seekingParent {
                    for slot in seeking {
                        if slot.level == 1 { _ = try seekParent(step, slot) } else { slot.level -= 1 }
                    }
                    pushAncestry(step, predicate)
                }
                let stage = Node.Stage.filter(predicate, position: expr.position)
                if isStages { step.stages = (step.stages ?? []) + [stage] } else { step.predicate = (step.predicate ?? []) + [stage] }
            case "{":
                result = try processAST(expr.lhs!)
                if result.group != nil { throw JSONataError("S0210", position: expr.position) }
                var pairs: [(Node, Node)] = []
                for (k, v) in expr.pairs { pairs.append((try processAST(k), try processAST(v))) }
                result.group = (pairs, expr.position)
            case "^":
                result = try processAST(expr.lhs!)
                if result.kind != .path {
                    let p = Node(.path, position: result.position)
                    p.steps = [result]
                    result = p
                }
                let sortStep = Node(.sort, position: expr.position)
                for term in expr.terms {
                    let e = try processAST(term.expression)
                    pushAncestry(sortStep, e)
                    sortStep.terms.append(Node.SortTerm(descending: term.descending, expression: e))
                }
                result.steps.append(sortStep)
                try resolveAncestry(result)
            case ":=":
                result = Node(.bind, position: expr.position, value: expr.value)
                result.lhs = try processAST(expr.lhs!)
                result.rhs = try processAST(expr.rhs!)
                pushAncestry(result, result.rhs!)
            case "@":
                result = try processAST(expr.lhs!)
                var step = result
                if result.kind == .path { step = result.steps[result.steps.count - 1] }
                if step.stages != nil || step.predicate != nil { throw JSONataError("S0215", position: expr.position) }
                if step.kind == .sort { throw JSONataError("S0216", position: expr.position) }
                if expr.keepArray { step.keepArray = true }
                step.focus = expr.rhs!.value
                step.tuple = true
            case "#":
                result = try processAST(expr.lhs!)
                var step = result
                if result.kind == .path {
                    step = result.steps[result.steps.count - 1]
                } else {
                    let p = Node(.path, position: result.position)
                    p.steps = [result]
                    result = p
                    if step.predicate != nil {
                        step.stages = step.predicate
                        step.predicate = nil
                    }
                }
                if step.stages == nil {
                    step.index = expr.rhs!.value
                } else {
                    step.stages!.append(.index(expr.rhs!.value))
                }
                step.tuple = true
            case "~>":
                result = Node(.apply, position: expr.position, value: expr.value)
                result.lhs = try processAST(expr.lhs!)
                result.rhs = try processAST(expr.rhs!)
                result.keepArray = result.lhs!.keepArray || result.rhs!.keepArray
            default:
                result = Node(.binary, position: expr.position, value: expr.value)
                result.lhs = try processAST(expr.lhs!)
                result.rhs = try processAST(expr.rhs!)
                pushAncestry(result, result.lhs!)
                pushAncestry(result, result.rhs!)
            }
        case .unary:
            result = Node(.unary, position: expr.position, value: expr.value)
            if expr.value == "[" {
                for item in expr.expressions {
                    let v = try processAST(item)
                    pushAncestry(result, v)
                    result.expressions.append(v)
                }
            } else if expr.value == "{" {
                for (k, v) in expr.pairs {
                    let key = try processAST(k)
                    pushAncestry(result, key)
                    let value = try processAST(v)
                    pushAncestry(result, value)
                    result.pairs.append((key, value))
                }
            } else {
                let e = try processAST(expr.expression!)
                result.expression = e
                if expr.value == "-" && e.kind == .number {
                    result = e
                    result.number = -result.number
                    result.literal = .number(result.number)
                } else {
                    pushAncestry(result, e)
                }
            }
        case .function, .partial:
            result = Node(expr.kind, position: expr.position, value: expr.value)
            for arg in expr.arguments {
                let a = try processAST(arg)
                pushAncestry(result, a)
                result.arguments.append(a)
            }
            result.procedure = try processAST(expr.procedure!)
        case .lambda:
            result = Node(.lambda, position: expr.position, value: expr.value)
            result.arguments = expr.arguments
            result.signature = expr.signature
            let body = try processAST(expr.body!)
            result.body = tailCallOptimize(body)
        case .condition:
            result = Node(.condition, position: expr.position)
            result.condition = try processAST(expr.condition!)
            pushAncestry(result, result.condition!)
            result.then = try processAST(expr.then!)
            pushAncestry(result, result.then!)
            if let e = expr.otherwise {
                result.otherwise = try processAST(e)
                pushAncestry(result, result.otherwise!)
            }
        case .transform:
            result = Node(.transform, position: expr.position)
            result.pattern = try processAST(expr.pattern!)
            result.update = try processAST(expr.update!)
            if let d = expr.delete { result.delete = try processAST(d) }
        case .block:
            result = Node(.block, position: expr.position)
            for item in expr.expressions {
                let part = try processAST(item)
                pushAncestry(result, part)
                if part.consarray || (part.kind == .path && part.steps[0].consarray) { result.consarray = true }
                result.expressions.append(part)
            }
        case .name:
            result = Node(.path, position: expr.position)
            result.steps = [expr]
            if expr.keepArray { result.keepSingletonArray = true }
        case .parent:
            result = Node(.parent, position: expr.position)
            result.slot = Slot(label: "!\(ancestorLabel)", level: 1, index: ancestorIndex)
            ancestorLabel += 1
            ancestorIndex += 1
            ancestry.append(result)
        case .string, .number, .value, .wildcard, .descendant, .variable, .regex:
            result = expr
        case .op:
            if expr.value == "and" || expr.value == "or" || expr.value == "in" {
                expr.kind = .name
                result = try processAST(expr)
            } else if expr.value == "?" {
                result = expr
            } else {
                throw JSONataError("S0201", position: expr.position, token: expr.value)
            }
        default:
            throw JSONataError(expr.kind == .end ? "S0207" : "S0206", position: expr.position, token: expr.value)
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    func tailCallOptimize(_ expr: Node) -> Node {
        if expr.kind == .function && expr.predicate == nil {
            let thunk = Node(.lambda, position: expr.position)
            thunk.thunk = true
            thunk.body = expr
            return thunk
        } else if expr.kind == .condition {
            expr.then = tailCallOptimize(expr.then!)
            if let e = expr.otherwise { expr.otherwise = tailCallOptimize(e) }
            return expr
        } else if expr.kind == .block {
            if !expr.expressions.isEmpty {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(expr.expressions.last!)
            }
            return expr
        }
        return expr
    }

    func pushAncestry(_ result: Node, _ value: Node) {
        if value.seekingParent != nil || value.kind == .parent {
            var slots = value.seekingParent ?? []
            if value.kind == .parent { slots.append(value.slot!) }
            if result.seekingParent == nil { result.seekingParent = slots } else { result.seekingParent!.append(contentsOf: slots) }
        }
    }

    func resolveAncestry(_ path: Node) throws(JSONataError) {
        var index = path.steps.count - 1
        let laststep = path.steps[index]
        var slots = laststep.seekingParent ?? []
        if laststep.kind == .parent { slots.append(laststep.slot!) }
        for var slot in slots {
            index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    if path.seekingParent == nil { path.seekingParent = [slot] } else { path.seekingParent!.append(slot) }
                    break
                }
                var step = path.steps[index]
                index -= 1
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                slot = try seekParent(step, slot)
            }
        }
    }

    func seekParent(_ node: Node, _ slot: Slot) throws(JSONataError) -> Slot {
        var slot = slot
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestor {
                    ancestry[slot.index].slot!.label = existing.label
                    node.ancestor = slot
                } else {
                    node.ancestor = slot
                }
                node.tuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if !node.expressions.isEmpty {
                node.tuple = true
                slot = try seekParent(node.expressions[node.expressions.count - 1], slot)
            }
        case .path:
            node.tuple = true
            var index = node.steps.count - 1
            slot = try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                slot = try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            throw JSONataError("S0217", position: node.position, token: node.kind.rawValue)
        }
        return slot
    }
}
