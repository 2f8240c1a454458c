import ASL

/// The interpreter of the simple states (Pass, Choice, Wait, Succeed, Fail) and the transitions
/// between states. Task, Parallel and Map have files of their own.
extension Engine {
    func enter(_ name: String, input: JSONValue, run: MachineRun) {
        guard run.isLive else { return }
        if !deletedStateMachines.isEmpty, deletedStateMachines.contains(run.execution.stateMachineArn) {
            return end(run.execution, status: .failed, error: StatesError(StatesError.Name.runtime,
                                                                          "State machine \(run.execution.stateMachineName) has been deleted."))
        }
        guard let state = run.definition.states[name] else {
            run.completion(.failure(.runtime("The state \"\(name)\" does not exist in this scope.")))
            return
        }
        let enteredTime = scheduler.now
        run.current = (name, emit(run, state.kind.enteredEvent, Details(stateName: name, input: input)))
        if let fields = state.jsonata {
            switch state.kind {
            case .pass: return runJSONataPass(state, fields, input: input, run: run, enteredTime: enteredTime)
            case .choice(let choice): return runJSONataChoice(state, choice, fields, input: input, run: run, enteredTime: enteredTime)
            case .wait(let wait): return runJSONataWait(state, wait, fields, input: input, run: run, enteredTime: enteredTime)
            case .succeed: return runJSONataSucceed(state, fields, input: input, run: run, enteredTime: enteredTime)
            case .fail(let fail): return runJSONataFail(state, fail, input: input, run: run, enteredTime: enteredTime)
            case .task, .parallel, .map: break  // their runners read the JSONata fields themselves
            }
        }
        switch state.kind {
        case .pass(let result): runPass(state, result: result, input: input, run: run, enteredTime: enteredTime)
        case .task(let task): runTask(state, task, input: input, run: run, enteredTime: enteredTime)
        case .choice(let choice): runChoice(state, choice, input: input, run: run, enteredTime: enteredTime)
        case .wait(let wait): runWait(state, wait, input: input, run: run, enteredTime: enteredTime)
        case .succeed: runSucceed(state, input: input, run: run, enteredTime: enteredTime)
        case .fail(let fail): runFail(state, fail, input: input, run: run, enteredTime: enteredTime)
        case .parallel(let branches): runParallel(state, branches: branches, input: input, run: run, enteredTime: enteredTime)
        case .map(let map): runMap(state, map, input: input, run: run, enteredTime: enteredTime)
        }
    }

    /// Emits the exit event and moves on: to `Next`, or ends the run at `End`. `assigned`: the
    /// variables the state's (or its catcher's) `Assign` set, visible from the next state on.
    /// `added`: the data the state brought in (a task's result, a Pass state's Result), nil when
    /// its output is part of its input.
    func exit(_ state: StateDefinition, output: JSONValue, run: MachineRun, next: String? = nil, assigned: [String: JSONValue]? = nil,
              added: JSONValue? = nil) {
        guard run.isLive else { return }
        // Step Functions' payload limit: 256 KiB for a state's output (no Retry or Catch helps).
        // The output is at most the input plus what the state added: it is measured only when
        // that bound passes the limit (or the input's size is not known).
        let limit = Self.payloadLimit
        var bound = run.payloadBound.map { $0 + (added?.serializedSizeBound(cap: limit) ?? 0) } ?? Int.max
        if bound > limit {
            bound = output.serializedSizeBound(cap: limit)
            if bound > limit, output.serializedSize(exceeds: limit) {
                return failRun(run, StatesError(StatesError.Name.dataLimitExceeded,
                                                "The state/task '\(state.name)' returned a result with a size exceeding the maximum number of bytes service limit."))
            }
        }
        run.payloadBound = min(bound, limit)
        run.cancelCurrent = nil
        if let assigned { run.variables.merge(assigned) { _, new in new } }
        // A tested state ends the test here, with its output and the state it would go to.
        if let inspection = run.inspection { return inspection.exited(output: output, next: next ?? state.next, variables: run.variables) }
        if let exited = state.kind.exitedEvent {
            emit(run, exited, Details(stateName: state.name, output: output, assignedVariables: assigned))
        }
        if let target = next ?? state.next {
            scheduler.enqueue { [unowned self] in self.enter(target, input: output, run: run) }
        } else {
            run.completion(.success(output))
        }
    }

    /// The state failed with no Catch that applies: its run fails. A States.Runtime error names
    /// the state it happened in, as Step Functions words it (once: a branch's or iteration's
    /// error that fails its Parallel or Map keeps the inner state's name).
    func failRun(_ run: MachineRun, _ error: StatesError) {
        guard run.isLive else { return }
        run.cancelCurrent = nil
        var error = error
        if error.error == StatesError.Name.runtime, let current = run.current, !error.cause.hasPrefix(Self.runtimeCausePrefix) {
            error.cause = "\(Self.runtimeCausePrefix)'\(current.name)' (entered at the event id #\(current.enteredId)). \(error.cause)"
        }
        run.completion(.failure(error))
    }

    static let runtimeCausePrefix = "An error occurred while executing the state "
    static let payloadLimit = 256 * 1024

    // MARK: - Data flow

    /// The context object `$$` as the state sees it.
    func contextObject(_ state: StateDefinition, run: MachineRun, enteredTime: Double, retryCount: Int = 0, token: String? = nil) -> JSONValue {
        contextObject(state, execution: run.execution, mapItem: nil, enteredTime: enteredTime, retryCount: retryCount, token: token)
    }

    func contextObject(_ state: StateDefinition, execution: Execution, mapItem: (index: Int, value: JSONValue)?, enteredTime: Double,
                       retryCount: Int = 0, token: String? = nil) -> JSONValue {
        var context = execution.contextParts
        var stateObject: [String: JSONValue] = ["EnteredTime": .string(Timestamp.format(enteredTime)), "Name": .string(state.name)]
        // Only the states that can retry have a RetryCount, as in Step Functions.
        switch state.kind {
        case .task, .parallel, .map: stateObject["RetryCount"] = .number(Double(retryCount))
        default: break
        }
        context["State"] = .object(stateObject)
        if let token { context["Task"] = ["Token": .string(token)] }
        if let item = mapItem { context["Map"] = ["Item": ["Index": .number(Double(item.index)), "Value": item.value]] }
        if let override = execution.contextOverride { return JSONValue.object(context).merging(override) }
        return .object(context)
    }

    /// InputPath: `$` (default) keeps the input, `null` gives `{}`.
    func applyInputPath(_ setting: PathSetting, to input: JSONValue, context: @autoclosure () -> JSONValue,
                        variables: [String: JSONValue]) throws(StatesError) -> JSONValue {
        switch setting {
        case .discard: return .object([:])
        case .path(let path):
            if path == "$" { return input }
            return try PathEvaluator.value(at: path, input: input, context: PathEvaluator.isContextPath(path) ? context() : .null, variables: variables)
        }
    }

    /// OutputPath: like InputPath.
    func applyOutputPath(_ setting: PathSetting, to output: JSONValue, context: @autoclosure () -> JSONValue,
                         variables: [String: JSONValue]) throws(StatesError) -> JSONValue {
        try applyInputPath(setting, to: output, context: context(), variables: variables)
    }

    /// ResultPath: where the result goes in the state's raw input (`null` keeps the input).
    func applyResultPath(_ setting: PathSetting, result: JSONValue, rawInput: JSONValue) throws(StatesError) -> JSONValue {
        switch setting {
        case .discard: return rawInput
        case .path(let path):
            if path == "$" { return result }
            return try PathEvaluator.setting(result, at: path, in: rawInput)
        }
    }

    /// ResultSelector, Assign (from the selected result), ResultPath and OutputPath, in that
    /// order, after a Task/Parallel/Map result: the state's output and the variables it assigns.
    func processResult(_ state: StateDefinition, result: JSONValue, rawInput: JSONValue, context: @escaping () -> JSONValue,
                       run: MachineRun) throws(StatesError) -> (output: JSONValue, assigned: [String: JSONValue]?, selected: JSONValue) {
        note(run, .result, result)
        if let fields = state.jsonata {
            // JSONata: Assign and Output see `$states.result`; the output is the result by default.
            let scope = statesScope(rawInput, run: run, context: context)
            scope.result = result
            let (output, assigned) = try jsonataOutput(fields, fallback: result, scope: scope, run: run)
            return (output, assigned, output)
        }
        var selected = result
        if let selector = state.resultSelector {
            selected = try evaluateTemplate(selector, input: result, context: state.resultSelectorReadsContext ? context() : .null, variables: run.variables)
        }
        note(run, .afterResultSelector, selected)
        let assigned = try assignments(state.assign, input: selected, context: context, run: run)
        let merged = try applyResultPath(state.resultPath, result: selected, rawInput: rawInput)
        note(run, .afterResultPath, merged)
        return (try applyOutputPath(state.outputPath, to: merged, context: context(), variables: run.variables), assigned, selected)
    }

    /// A Task's, Parallel's or Map's result through ``processResult``, then the state's exit.
    func exit(_ state: StateDefinition, result: JSONValue, rawInput: JSONValue, context: @escaping () -> JSONValue, run: MachineRun) throws(StatesError) {
        let processed = try processResult(state, result: result, rawInput: rawInput, context: context, run: run)
        exit(state, output: processed.output, run: run, assigned: processed.assigned, added: processed.selected)
    }

    /// `Assign`: each variable's value, all computed from `input` with the variables as they were
    /// when the state was entered (none sees another's new value).
    func assignments(_ assign: JSONValue?, input: JSONValue, context: () -> JSONValue, run: MachineRun) throws(StatesError) -> [String: JSONValue]? {
        guard let assign else { return nil }
        let values = try evaluateTemplate(assign, input: input, context: assign.mentionsContextObject ? context() : .null, variables: run.variables)
        return try checkedAssignments(values, run: run)
    }

    /// The variables an evaluated `Assign` (of either query language) sets, within AWS's limit.
    func checkedAssignments(_ values: JSONValue, run: MachineRun) throws(StatesError) -> [String: JSONValue]? {
        // An empty Assign assigns nothing, and the exited event says nothing of it.
        guard let assigned = values.objectValue, !assigned.isEmpty else { return nil }
        // Step Functions' limit for the variables one Assign sets: 256 KiB together.
        if values.serializedSize(exceeds: Self.payloadLimit), let state = run.current?.name {
            throw StatesError(StatesError.Name.dataLimitExceeded, "The variables assigned by the state '\(state)' exceed the maximum size of 256 KiB.")
        }
        return assigned
    }

    // MARK: - Simple states

    func runPass(_ state: StateDefinition, result: JSONValue?, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let context = { self.contextObject(state, run: run, enteredTime: enteredTime) }
            let effective = try applyInputPath(state.inputPath, to: input, context: context(), variables: run.variables)
            var value = effective
            if let result {
                value = result
                note(run, .result, result)
            } else {
                note(run, .afterInputPath, effective)
                if let parameters = state.parameters {
                    value = try evaluateTemplate(parameters, input: effective, context: state.parametersReadContext ? context() : .null, variables: run.variables)
                }
                note(run, .afterParameters, value)
            }
            // A Pass state has no ResultSelector: TestState shows its value passing through.
            note(run, .afterResultSelector, value)
            let assigned = try assignments(state.assign, input: value, context: context, run: run)
            let merged = try applyResultPath(state.resultPath, result: value, rawInput: input)
            note(run, .afterResultPath, merged)
            exit(state, output: try applyOutputPath(state.outputPath, to: merged, context: context(), variables: run.variables), run: run, assigned: assigned,
                 added: result != nil || state.parameters != nil ? value : nil)
        } catch {
            // A Pass state's Parameters that find nothing fail it with States.Runtime in Step
            // Functions (a Task's with States.ParameterPathFailure).
            failRun(run, error.error == StatesError.Name.parameterPathFailure ? .runtime(error.cause) : error)
        }
    }

    func runSucceed(_ state: StateDefinition, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let effective = try applyInputPath(state.inputPath, to: input, context: self.contextObject(state, run: run, enteredTime: enteredTime), variables: run.variables)
            note(run, .afterInputPath, effective)
            exit(state, output: try applyOutputPath(state.outputPath, to: effective, context: self.contextObject(state, run: run, enteredTime: enteredTime), variables: run.variables), run: run)
        } catch {
            failRun(run, error)
        }
    }

    func runFail(_ state: StateDefinition, _ fail: FailState, input: JSONValue, run: MachineRun, enteredTime: Double) {
        // A Fail state has no InputPath: TestState shows its input passing through.
        note(run, .afterInputPath, input)
        do throws(StatesError) {
            let error = try fail.errorPath.map { path throws(StatesError) in
                try failPathText(path, field: "ErrorPath", state: state, input: input, run: run, enteredTime: enteredTime)
            } ?? fail.error ?? ""
            let cause = try fail.causePath.map { path throws(StatesError) in
                try failPathText(path, field: "CausePath", state: state, input: input, run: run, enteredTime: enteredTime)
            } ?? fail.cause ?? ""
            failRun(run, StatesError(error, cause))
        } catch {
            failRun(run, error)
        }
    }

    /// A Fail state's ErrorPath / CausePath: a reference path or, as AWS allows there, an
    /// intrinsic function call such as `States.Format('order {} failed', $.id)`.
    private func failPathText(_ path: String, field: String, state: StateDefinition, input: JSONValue, run: MachineRun,
                              enteredTime: Double) throws(StatesError) -> String {
        let context = contextObject(state, run: run, enteredTime: enteredTime)
        let value: JSONValue
        if path.hasPrefix("$") {
            guard let found = try PathEvaluator.lookup(path, input: input, context: context, variables: run.variables) else {
                throw StatesError.runtime("The JSONPath '\(path)' specified for the field '\(field)' could not be found in the input '\(input.serialized())'")
            }
            value = found
        } else {
            value = try Intrinsics.evaluate(path, input: input, context: context, field: field, variables: run.variables, random: &random)
        }
        guard let text = value.stringValue else { throw StatesError.runtime("\(field) \(path) must select a string, not \(value.typeName)") }
        return text
    }

    func runChoice(_ state: StateDefinition, _ choice: ChoiceState, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let context = { self.contextObject(state, run: run, enteredTime: enteredTime) }
            let effective = try applyInputPath(state.inputPath, to: input, context: context(), variables: run.variables)
            note(run, .afterInputPath, effective)
            var taken: ChoiceRule?
            for rule in choice.rules where try ChoiceEvaluator.matches(rule.condition, input: effective, context: context, variables: run.variables) {
                taken = rule
                break
            }
            guard let next = taken?.next ?? choice.defaultNext else {
                throw StatesError(StatesError.Name.noChoiceMatched, "No Choice Rules matched and no Default is specified in the Choice state \"\(state.name)\".")
            }
            // The state's Assign, then the taken rule's (a rule's value wins for the same name).
            var assigned = try assignments(state.assign, input: effective, context: context, run: run)
            if let ruleAssigned = try assignments(taken?.assign, input: effective, context: context, run: run) {
                assigned = (assigned ?? [:]).merging(ruleAssigned) { _, rule in rule }
            }
            exit(state, output: try applyOutputPath(state.outputPath, to: effective, context: context(), variables: run.variables), run: run, next: next,
                 assigned: assigned)
        } catch {
            failRun(run, error)
        }
    }

    func runWait(_ state: StateDefinition, _ wait: WaitState, input: JSONValue, run: MachineRun, enteredTime: Double) {
        do throws(StatesError) {
            let context = { self.contextObject(state, run: run, enteredTime: enteredTime) }
            let effective = try applyInputPath(state.inputPath, to: input, context: context(), variables: run.variables)
            note(run, .afterInputPath, effective)
            let deadline: Double
            switch wait.duration {
            case .seconds(let s): deadline = scheduler.now + s
            case .secondsPath(let path):
                guard let value = try PathEvaluator.lookup(path, input: effective, context: context(), variables: run.variables) else {
                    throw StatesError.runtime("The SecondsPath parameter does not reference an input value: \(path)")
                }
                // As Step Functions: a whole number of seconds, not negative; anything else fails the state.
                guard let s = value.numberValue, s.rounded(.towardZero) == s, abs(s) < 1e15 else {
                    throw StatesError.runtime("The SecondsPath parameter cannot be parsed as a long value: \(path) == \(value.serialized())")
                }
                guard s >= 0 else {
                    throw StatesError.runtime("The SecondsPath parameter references a negative value: \(path) == \(value.serialized())")
                }
                deadline = scheduler.now + s
            case .timestamp(let text):
                guard let t = Timestamp.parse(text) else { throw StatesError.runtime("Invalid Timestamp \"\(text)\" in state \"\(state.name)\"") }
                deadline = t
            case .secondsExpression, .timestampExpression:
                throw StatesError.runtime("A JSONata Seconds or Timestamp in a JSONPath Wait state")
            case .timestampPath(let path):
                guard let value = try PathEvaluator.lookup(path, input: effective, context: context(), variables: run.variables) else {
                    throw StatesError.runtime("The TimestampPath parameter does not reference an input value: \(path)")
                }
                guard let text = value.stringValue, let t = Timestamp.parse(text) else {
                    throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path) == \(value.stringValue ?? value.serialized())")
                }
                deadline = t
            }
            try checkWaitLength(until: deadline)
            let assigned = try assignments(state.assign, input: effective, context: context, run: run)
            let output = try applyOutputPath(state.outputPath, to: effective, context: context(), variables: run.variables)
            armWait(state, until: deadline, output: output, assigned: assigned, run: run)
        } catch {
            failRun(run, error)
        }
    }

    /// Step Functions measures a wait in whole seconds held in 32 bits (about 68 years).
    func checkWaitLength(until deadline: Double) throws(StatesError) {
        guard deadline - scheduler.now <= Double(Int32.max) else { throw StatesError.runtime("Wait state delay is too long.") }
    }

    /// A Wait state's timer: it exits at `deadline` (at once if that has passed); stopping the
    /// execution meanwhile records WaitStateAborted.
    func armWait(_ state: StateDefinition, until deadline: Double, output: JSONValue, assigned: [String: JSONValue]?, run: MachineRun) {
        // A tested Wait state does not wait.
        if run.inspection != nil { return exit(state, output: output, run: run, assigned: assigned) }
        let timer = scheduler.at(max(deadline, scheduler.now)) { [unowned self] in self.exit(state, output: output, run: run, assigned: assigned) }
        run.cancelCurrent = { [unowned self] in
            self.scheduler.cancel(timer)
            self.emit(run, .waitStateAborted, Details(stateName: state.name))
        }
    }
}

extension StateKind {
    var enteredEvent: HistoryEventType {
        switch self {
        case .pass: return .passStateEntered
        case .task: return .taskStateEntered
        case .choice: return .choiceStateEntered
        case .wait: return .waitStateEntered
        case .succeed: return .succeedStateEntered
        case .fail: return .failStateEntered
        case .parallel: return .parallelStateEntered
        case .map: return .mapStateEntered
        }
    }

    /// Fail states have no exit: they end the run.
    var exitedEvent: HistoryEventType? {
        switch self {
        case .pass: return .passStateExited
        case .task: return .taskStateExited
        case .choice: return .choiceStateExited
        case .wait: return .waitStateExited
        case .succeed: return .succeedStateExited
        case .fail: return nil
        case .parallel: return .parallelStateExited
        case .map: return .mapStateExited
        }
    }
}

extension Engine {
    /// A payload template (Parameters, ResultSelector, ItemSelector) with the engine's seeded
    /// randomness, so States.UUID and States.MathRandom repeat for a seed.
    func evaluateTemplate(_ template: JSONValue, input: JSONValue, context: JSONValue, variables: [String: JSONValue]) throws(StatesError) -> JSONValue {
        try PayloadTemplate.evaluate(template, input: input, context: context, variables: variables, random: &random)
    }
}
