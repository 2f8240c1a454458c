import ASL
import JSONata

/// `$states` for one run of a JSONata state (Step Functions' reserved variable: `input`,
/// `result`, `errorOutput`, `context`), converted to JSONata's values once for all the
/// expressions of the state that read it.
final class StatesScope: JSONataEnvironment {
    let input: JSONValue
    var result: JSONValue? { didSet { bound = nil } }
    var errorOutput: JSONValue? { didSet { bound = nil } }
    /// The workflow variables as the state was entered (what every expression of the state sees).
    let variables: [String: JSONValue]
    let nowMillis: Double?
    private let context: () -> JSONValue
    private var builtContext: JSONValue?
    private var bound: (bindings: JSONataBindings, withContext: Bool)?

    init(input: JSONValue, run: MachineRun, now: Double, context: @escaping () -> JSONValue) {
        self.input = input
        self.variables = run.variables
        self.nowMillis = now * 1000
        self.context = context
    }

    func root(_ root: JSONataRoot) -> JSONValue? {
        switch root {
        case .states(.input): return input
        case .states(.result): return result
        case .states(.errorOutput): return errorOutput
        case .states(.context): return contextObject
        case .variable(let name): return variables[name]
        }
    }

    private var contextObject: JSONValue {
        if let builtContext { return builtContext }
        let built = context()
        builtContext = built
        return built
    }

    /// `$states` and the workflow variables `template` reads.
    func bindings(for template: JSONataTemplate) -> JSONataBindings {
        var bindings: JSONataBindings
        if let bound, bound.withContext || !template.readsContext {
            bindings = bound.bindings
        } else {
            var states: [String: JSONValue] = ["input": input]
            if let result { states["result"] = result }
            if let errorOutput { states["errorOutput"] = errorOutput }
            // The context object costs more than most states: only when an expression may read it.
            if template.readsContext { states["context"] = contextObject }
            bindings = JSONataBindings()
            bindings.bind("states", .object(states))
            bound = (bindings, template.readsContext)
        }
        for name in template.variables {
            if let value = variables[name] { bindings.bind(name, value) }
        }
        return bindings
    }
}

/// The JSONata query language: each state's fields evaluated as "Transforming data with JSONata
/// in Step Functions" describes. A failed expression records an EvaluationFailed event and fails
/// the state with `States.QueryEvaluationError`, which Retry and Catch see like any error.
extension Engine {
    /// `$states` for a state of `run` with this input, on the engine's clock.
    func statesScope(_ input: JSONValue, run: MachineRun, context: @escaping () -> JSONValue) -> StatesScope {
        StatesScope(input: input, run: run, now: scheduler.now, context: context)
    }

    /// Evaluates one field of the current state.
    /// - Parameter afterEntered: the EvaluationFailed event follows the state's entered event
    ///   (a Wait's Seconds or Timestamp) instead of sharing its predecessor (the other fields).
    func evaluate(_ template: JSONataTemplate, field: String, scope: StatesScope, run: MachineRun,
                  afterEntered: Bool = false) throws(StatesError) -> JSONValue {
        do {
            return try template.evaluate(field: field, in: scope)
        } catch {
            throw queryEvaluationError(error, run: run, afterEntered: afterEntered)
        }
    }

    /// Evaluates a field whose value the caller checks itself (undefined and functions included).
    func evaluateResult(_ template: JSONataTemplate, field: String, scope: StatesScope, run: MachineRun,
                        afterEntered: Bool = false) throws(StatesError) -> JSONataResult {
        do {
            return try template.evaluateResult(field: field, in: scope)
        } catch {
            throw queryEvaluationError(error, run: run, afterEntered: afterEntered)
        }
    }

    /// A field's value that must be of one JSON type (`Items` an array, `Condition` a boolean...).
    func evaluate(_ template: JSONataTemplate, field: String, expecting type: String, scope: StatesScope, run: MachineRun,
                  afterEntered: Bool = false, accept: (JSONValue) -> Bool) throws(StatesError) -> JSONValue {
        let failure: QueryEvaluationFailure
        switch try evaluateResult(template, field: field, scope: scope, run: run, afterEntered: afterEntered) {
        case .value(let value) where accept(value): return value
        case .value(let value):
            failure = QueryEvaluationFailure(expression: template.quotedText, field: field,
                                             problem: "returned an unexpected result type. Expected '\(type)', but was '\(value.typeName)' for value: \(value.serialized())")
        case .undefined: failure = QueryEvaluationFailure(expression: template.quotedText, field: field, problem: "returned nothing (undefined).")
        case .function: failure = QueryEvaluationFailure(expression: template.quotedText, field: field, problem: "returned an unsupported result type.")
        }
        throw queryEvaluationError(failure, run: run, afterEntered: afterEntered)
    }

    /// A number field given as an expression, as a literal: a whole number (unless
    /// `wholeNumber` is false) from `minimum` to `maximum`.
    func resolve(_ setting: SecondsSetting?, field: String, minimum: Double, maximum: Double = 1e15, wholeNumber: Bool = true,
                 scope: StatesScope, run: MachineRun) throws(StatesError) -> SecondsSetting? {
        guard case .expression(let template)? = setting else { return setting }
        let value = try evaluate(template, field: field, expecting: wholeNumber ? "integer" : "number", scope: scope, run: run) { value in
            guard let n = value.numberValue else { return false }
            return (!wholeNumber || n.rounded(.towardZero) == n) && n >= minimum && n <= maximum
        }
        return .literal(value.numberValue!)
    }

    /// Records EvaluationFailed for the current state and gives the error that fails it: the
    /// cause with the state's prefix, as Step Functions writes it in both events.
    func queryEvaluationError(_ failure: QueryEvaluationFailure, run: MachineRun, afterEntered: Bool) -> StatesError {
        guard let current = run.current else { return StatesError(StatesError.Name.queryEvaluationError, failure.cause) }
        let cause = "\(Self.runtimeCausePrefix)'\(current.name)' (entered at the event id #\(current.enteredId)). \(failure.cause)"
        let entered = run.execution.history[current.enteredId - 1]
        run.lastEventId = emit(run.execution, .evaluationFailed, previous: afterEntered ? entered.id : entered.previousEventId,
                               Details(stateName: current.name, error: StatesError.Name.queryEvaluationError, cause: cause, location: failure.location))
        return StatesError(StatesError.Name.queryEvaluationError, cause)
    }

    /// `Assign` then `Output` of a JSONata state (both see the variables as they were when the
    /// state was entered): the state's output (`fallback` without Output) and its assignments.
    func jsonataOutput(_ fields: JSONataFields?, fallback: JSONValue, scope: StatesScope,
                       run: MachineRun) throws(StatesError) -> (output: JSONValue, assigned: [String: JSONValue]?) {
        let assigned = try jsonataAssignments(fields?.assign, scope: scope, run: run)
        let output = try fields?.output.map { o throws(StatesError) in try evaluate(o, field: "Output", scope: scope, run: run) } ?? fallback
        return (output, assigned)
    }

    /// A JSONata `Assign`: the variables it sets (nil when it sets none).
    func jsonataAssignments(_ assign: JSONataTemplate?, scope: StatesScope, run: MachineRun) throws(StatesError) -> [String: JSONValue]? {
        guard let assign else { return nil }
        return try checkedAssignments(evaluate(assign, field: "Assign", scope: scope, run: run), run: run)
    }

    /// The state's context object, for `$states.context` where only the run is at hand (a catcher).
    func currentContext(_ state: StateDefinition, run: MachineRun) -> JSONValue {
        let entered = run.current.map { run.execution.history[$0.enteredId - 1].timestamp } ?? scheduler.now
        return contextObject(state, run: run, enteredTime: entered)
    }

    // MARK: - Simple states

    func runJSONataPass(_ state: StateDefinition, _ fields: JSONataFields, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let scope = statesScope(input, run: run) { self.contextObject(state, run: run, enteredTime: enteredTime) }
            let (output, assigned) = try jsonataOutput(fields, fallback: input, scope: scope, run: run)
            exit(state, output: output, run: run, assigned: assigned, added: fields.output == nil ? nil : output)
        } catch {
            failRun(run, error)
        }
    }

    func runJSONataSucceed(_ state: StateDefinition, _ fields: JSONataFields, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let scope = statesScope(input, run: run) { self.contextObject(state, run: run, enteredTime: enteredTime) }
            let (output, _) = try jsonataOutput(fields, fallback: input, scope: scope, run: run)
            exit(state, output: output, run: run, added: fields.output == nil ? nil : output)
        } catch {
            failRun(run, error)
        }
    }

    func runJSONataFail(_ state: StateDefinition, _ fail: FailState, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let scope = statesScope(input, run: run) { self.contextObject(state, run: run, enteredTime: enteredTime) }
            func text(_ template: JSONataTemplate?, field: String, literal: String?) throws(StatesError) -> String {
                guard let template else { return literal ?? "" }
                return try evaluate(template, field: field, expecting: "string", scope: scope, run: run) { $0.stringValue != nil }.stringValue!
            }
            let error = try text(fail.errorExpression, field: "Error", literal: fail.error)
            let cause = try text(fail.causeExpression, field: "Cause", literal: fail.cause)
            failRun(run, StatesError(error, cause))
        } catch {
            failRun(run, error)
        }
    }

    /// A JSONata Choice: the first rule whose Condition is true is taken. The state's Assign,
    /// then the taken rule's (its values win); the rule's Output, else the state's, else the input.
    func runJSONataChoice(_ state: StateDefinition, _ choice: ChoiceState, _ fields: JSONataFields, input: JSONValue, run: MachineRun,
                          enteredTime: Double) {
        do throws(StatesError) {
            let scope = statesScope(input, run: run) { self.contextObject(state, run: run, enteredTime: enteredTime) }
            var taken: ChoiceRule?
            for rule in choice.rules {
                guard case .jsonata(let condition) = rule.condition else { continue }
                let value = try evaluate(condition, field: "Condition", expecting: "boolean", scope: scope, run: run) { $0.boolValue != nil }
                if value.boolValue == true {
                    taken = rule
                    break
                }
            }
            guard let next = taken?.next ?? choice.defaultNext else {
                throw StatesError(StatesError.Name.noChoiceMatched, "No Choice Rules matched and no Default is specified in the Choice state \"\(state.name)\".")
            }
            var assigned = try jsonataAssignments(fields.assign, scope: scope, run: run)
            if let ruleAssigned = try jsonataAssignments(taken?.jsonata?.assign, scope: scope, run: run) {
                assigned = (assigned ?? [:]).merging(ruleAssigned) { _, rule in rule }
            }
            let output = try (taken?.jsonata?.output ?? fields.output).map { o throws(StatesError) in
                try evaluate(o, field: "Output", scope: scope, run: run)
            } ?? input
            exit(state, output: output, run: run, next: next, assigned: assigned)
        } catch {
            failRun(run, error)
        }
    }

    /// - Parameter waited: seconds of a relative wait already spent (a wait resumed after a restart).
    func runJSONataWait(_ state: StateDefinition, _ wait: WaitState, _ fields: JSONataFields, input: JSONValue, run: MachineRun, enteredTime: Double,
                        waited: Double = 0) {
        do throws(StatesError) {
            let scope = statesScope(input, run: run) { self.contextObject(state, run: run, enteredTime: enteredTime) }
            let deadline: Double
            switch wait.duration {
            case .secondsExpression(let template):
                let value = try evaluate(template, field: "Seconds", expecting: "integer", scope: scope, run: run, afterEntered: true) { value in
                    guard let n = value.numberValue else { return false }
                    return n.rounded(.towardZero) == n && n >= 0 && n <= 99_999_999
                }
                deadline = scheduler.now + max(0, value.numberValue! - waited)
            case .timestampExpression(let template):
                let value = try evaluate(template, field: "Timestamp", expecting: "string", scope: scope, run: run, afterEntered: true) { $0.stringValue != nil }
                guard let t = Timestamp.parse(value.stringValue!) else {
                    let failure = QueryEvaluationFailure(
                        location: "Timestamp", cause: "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: \(value.stringValue!)")
                    throw queryEvaluationError(failure, run: run, afterEntered: true)
                }
                deadline = t
            case .seconds(let s): deadline = scheduler.now + max(0, s - waited)
            case .timestamp(let text):
                guard let t = Timestamp.parse(text) else { throw StatesError.runtime("Invalid Timestamp \"\(text)\" in state \"\(state.name)\"") }
                deadline = t
            case .secondsPath, .timestampPath:
                throw StatesError.runtime("A JSONata Wait state has no SecondsPath or TimestampPath")
            }
            try checkWaitLength(until: deadline)
            let (output, assigned) = try jsonataOutput(fields, fallback: input, scope: scope, run: run)
            armWait(state, until: deadline, output: output, assigned: assigned, run: run)
        } catch {
            failRun(run, error)
        }
    }
}
