import ASL

extension Engine {
    /// Inline Map: runs the item processor once per item of `ItemsPath`, at most
    /// `MaxConcurrency` at a time (0: no limit); the result is the array of iteration outputs.
    func runMap(_ state: StateDefinition, _ map: MapState, input: JSONValue, run: MachineRun, enteredTime: Double) {
        attemptMap(state, map, rawInput: input, run: run, enteredTime: enteredTime, counters: RetryCounters(count: state.retry.count))
    }

    /// `resume` (Recovery.swift): continue an attempt whose MapStateStarted is already in the
    /// history; recorded iterations are not started again (finished ones keep their output).
    /// `retrying`: the error that failed the attempt before this one (kept, for recovery, on
    /// this attempt's MapStateStarted, where GetExecutionHistory does not show it).
    /// `redriving`: the Map Run of a distributed Map that the parent's redrive runs again.
    func attemptMap(_ state: StateDefinition, _ map: MapState, rawInput: JSONValue, run: MachineRun,
                    enteredTime: Double, counters: RetryCounters, retrying: StatesError? = nil, resume: MapResume? = nil,
                    redriving: MapRun? = nil) {
        guard run.isLive else { return }
        var counters = counters
        var failure: StatesError?
        let retry = { [unowned self] in
            self.attemptMap(state, map, rawInput: rawInput, run: run, enteredTime: enteredTime, counters: counters, retrying: failure)
        }
        let context = { self.contextObject(state, run: run, enteredTime: enteredTime, retryCount: counters.total) }
        let effective: JSONValue
        let items: [JSONValue]
        let limit: Int
        var distributed = map.distributed
        do throws(StatesError) {
            var maxConcurrency = map.maxConcurrency
            // With an ItemReader the items are read from S3 once the state's settings are known.
            let readsItems = map.distributed?.itemReader != nil
            if state.jsonata != nil {
                effective = rawInput
                let scope = statesScope(rawInput, run: run, context: context)
                items = readsItems ? [] : try jsonataItems(map, input: rawInput, scope: scope, run: run)
                maxConcurrency = try resolve(maxConcurrency, field: "MaxConcurrency", minimum: 0, scope: scope, run: run) ?? .literal(0)
                if let d = distributed { distributed = try resolve(d, scope: scope, run: run) }
            } else {
                effective = try applyInputPath(state.inputPath, to: rawInput, context: context(), variables: run.variables)
                note(run, .afterInputPath, effective)
                let selected = readsItems || map.itemsPath == "$" ? effective
                    : try PathEvaluator.value(at: map.itemsPath, input: effective, context: context(), variables: run.variables)
                guard let array = readsItems ? [] : selected.arrayValue else {
                    throw StatesError.runtime("The ItemsPath \(map.itemsPath) of Map state \"\(state.name)\" must select an array, not \(selected.typeName)")
                }
                items = array
            }
            switch maxConcurrency {
            case .literal(let n): limit = Int(n)
            case .expression: throw StatesError.runtime("MaxConcurrency is an expression the state has not evaluated")
            case .path(let path):
                let value = try PathEvaluator.value(at: path, input: effective, context: context(), variables: run.variables)
                // A text holding a whole number counts (a variable assigned "1" reads as 1).
                guard let n = value.intValue ?? value.stringValue.flatMap({ Int($0) }), n >= 0 else {
                    throw StatesError.runtime("The MaxConcurrencyPath field refers to value \"\(value.stringValue ?? value.serialized())\" which is not a valid integer: \(path)")
                }
                limit = n
            }
        } catch {
            failure = error
            // A JSONata evaluation failure ends the state with MapStateFailed, as Step Functions records it.
            let isEvaluation = error.error == StatesError.Name.queryEvaluationError
            handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, givingUp: isEvaluation ? {
                self.emit(run, .mapStateFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
            } : nil, retry: retry)
            return
        }
        // A tested Map state runs no iteration: its settings are read, its mock is what they gave.
        // Its ItemReader reads the test's mapItemReaderData, else its source as in an execution.
        if let inspection = run.inspection {
            guard let reader = distributed?.itemReader, inspection.test.mapItemReaderData == nil else {
                return testMap(state, map, inspection, rawInput: rawInput, effective: effective, items: items, limit: limit, distributed: distributed,
                               run: run, enteredTime: enteredTime, counters: &counters, context: context)
            }
            readItems(reader, state: state, input: effective, context: context, run: run) { [unowned self] result in
                guard run.isLive else { return }
                switch result {
                case .success(let read):
                    self.testMap(state, map, inspection, rawInput: rawInput, effective: effective, items: read, limit: limit, distributed: distributed,
                                 run: run, enteredTime: enteredTime, counters: &counters, context: context)
                case .failure(let error):
                    self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: {})
                }
            }
            return
        }
        if let redriving {
            // A redriven Map Run runs the items it had (MapRun.inputs): its ItemReader is not read again.
            return begin([], length: redriving.description.itemCounts.total)
        }
        if let reader = distributed?.itemReader {
            readItems(reader, state: state, input: effective, context: context, run: run) { [unowned self] result in
                guard run.isLive else { return }
                switch result {
                case .success(let read): begin(read)
                case .failure(let error):
                    failure = error
                    self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, givingUp: {
                        self.emit(run, .mapStateFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
                    }, retry: retry)
                }
            }
            return
        }
        begin(items)

        /// From MapStateStarted on, once the items are known (`length`: how many, when a
        /// redriven Map Run has them already).
        func begin(_ items: [JSONValue], length: Int? = nil) {
            let startedId = resume?.startedId
                ?? emit(run, .mapStateStarted, Details(stateName: state.name, error: retrying?.error, cause: retrying?.cause, length: length ?? items.count))
            if let distributed {
                runMapRun(state, map, distributed, items: items, input: effective, limit: limit, run: run, enteredTime: enteredTime,
                          redriving: redriving) { [unowned self] outcome in
                    switch outcome {
                    case .invalid(let error):
                        // A threshold or batch setting that cannot be read fails the state at once.
                        self.failRun(run, error)
                    case .failed(let error):
                        failure = error
                        self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, givingUp: {
                            self.emit(run, .mapStateFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
                        }, retry: retry)
                    case .succeeded(let result, let mapRunSucceededId):
                        // MapStateSucceeded follows MapRunSucceeded; MapStateExited follows MapRunStarted.
                        self.emit(run.execution, .mapStateSucceeded, previous: mapRunSucceededId, Details(stateName: state.name))
                        do throws(StatesError) {
                            try self.exit(state, result: result, rawInput: rawInput, context: context, run: run)
                        } catch {
                            failure = error
                            self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: retry)
                        }
                    }
                }
                return
            }
            var outputs = [JSONValue](repeating: .null, count: items.count)
            var nextIndex = 0
            var running: [Int: MachineRun] = [:]
            var completed = 0
            var settled = false
            // Step Functions chains a Map's events so: each iteration's MapIterationStarted follows
            // the last event of the iteration before it (the first one MapStateStarted), and
            // MapStateSucceeded and MapStateExited both follow the last MapIterationSucceeded.
            var iterationChain = startedId
            var lastIterationEnd = startedId

            func succeedIfDone() {
                guard completed == items.count, !settled else { return }
                settled = true
                run.lastEventId = lastIterationEnd
                emit(run.execution, .mapStateSucceeded, previous: lastIterationEnd, Details(stateName: state.name))
                do throws(StatesError) {
                    try exit(state, result: .array(outputs), rawInput: rawInput, context: context, run: run)
                } catch {
                    failure = error
                    handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, retry: retry)
                }
            }

            func startMore() {
                while !settled, nextIndex < items.count, limit == 0 || running.count < limit {
                    let index = nextIndex
                    nextIndex += 1
                    let item = items[index]
                    let recorded = resume?.iterations[index]
                    if let output = recorded?.output {
                        outputs[index] = output
                        completed += 1
                        continue
                    }
                    var iterationStartedId = recorded?.startedId ?? 0
                    if recorded == nil || resume?.restartsIterations == true {
                        iterationStartedId = emit(run.execution, .mapIterationStarted, previous: iterationChain, Details(stateName: state.name, index: index))
                    }
                    weak var finishing: MachineRun?
                    let child = MachineRun(execution: run.execution, definition: map.itemProcessor, lastEventId: iterationStartedId,
                                           variables: run.variables) { [unowned self] result in
                        guard !settled, run.isLive else { return }
                        let last = finishing?.lastEventId ?? run.execution.history.count
                        running[index] = nil
                        switch result {
                        case .success(let output):
                            outputs[index] = output
                            completed += 1
                            iterationChain = last
                            lastIterationEnd = self.emit(run.execution, .mapIterationSucceeded, previous: last, Details(stateName: state.name, index: index))
                            startMore()
                            succeedIfDone()
                        case .failure(let error):
                            settled = true
                            self.emit(run.execution, .mapIterationFailed, previous: last, Details(stateName: state.name, error: error.error, cause: error.cause, index: index))
                            self.abortIterations(running, state: state, execution: run.execution)
                            running = [:]
                            run.lastEventId = last
                            failure = error
                            self.handleStateError(error, state: state, rawInput: rawInput, run: run, counters: &counters, givingUp: {
                                self.emit(run, .mapStateFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
                            }, retry: retry)
                        }
                    }
                    finishing = child
                    running[index] = child
                    do throws(StatesError) {
                        let iterationInput = try selectItem(state, map, index: index, item: item, input: effective, run: run,
                                                            enteredTime: enteredTime, retryCount: counters.total)
                        if let resume, let recorded {
                            scheduler.enqueue { resume.resumeIteration(child, recorded.startedId, iterationInput) }
                        } else {
                            scheduler.enqueue { [unowned self] in self.enter(map.itemProcessor.startAt, input: iterationInput, run: child) }
                        }
                    } catch {
                        child.completion(.failure(error))
                    }
                }
            }

            run.cancelCurrent = { [unowned self] in
                guard !settled else { return }
                settled = true
                self.abortIterations(running, state: state, execution: run.execution)
                running = [:]
                run.lastEventId = run.execution.history.count
                self.emit(run, .mapStateAborted, Details(stateName: state.name))
            }
            startMore()
            succeedIfDone()
        }
    }

    /// An item through the ItemSelector (JSONPath or JSONata), which alone sees the context's
    /// `Map.Item` (the iteration's states do not); the item itself without one.
    func selectItem(_ state: StateDefinition, _ map: MapState, index: Int, item: JSONValue, input: JSONValue, run: MachineRun,
                    enteredTime: Double, retryCount: Int = 0) throws(StatesError) -> JSONValue {
        let itemContext = { self.contextObject(state, execution: run.execution, mapItem: (index, item), enteredTime: enteredTime, retryCount: retryCount) }
        if let selector = map.jsonataItemSelector {
            return try evaluate(selector, field: "ItemSelector", scope: statesScope(input, run: run, context: itemContext), run: run)
        }
        guard let selector = map.itemSelector else { return item }
        return try evaluateTemplate(selector, input: input, context: itemContext(), variables: run.variables)
    }

    /// A JSONata Map's items: `Items` (an array, or an expression giving one), else its input,
    /// which must then be an array.
    private func jsonataItems(_ map: MapState, input: JSONValue, scope: StatesScope, run: MachineRun) throws(StatesError) -> [JSONValue] {
        if let template = map.items {
            return try evaluate(template, field: "Items", expecting: "array", scope: scope, run: run) { $0.arrayValue != nil }.arrayValue!
        }
        guard let array = input.arrayValue else {
            let failure = QueryEvaluationFailure(location: nil, cause: "Map state input must be an array but was: \(input.serialized())")
            throw queryEvaluationError(failure, run: run, afterEntered: false)
        }
        return array
    }

    /// A JSONata distributed Map's settings with their expressions evaluated.
    private func resolve(_ distributed: DistributedMap, scope: StatesScope, run: MachineRun) throws(StatesError) -> DistributedMap {
        var d = distributed
        d.toleratedFailureCount = try resolve(d.toleratedFailureCount, field: "ToleratedFailureCount", minimum: 0, scope: scope, run: run)
        d.toleratedFailurePercentage = try resolve(d.toleratedFailurePercentage, field: "ToleratedFailurePercentage", minimum: 0,
                                                   maximum: 100, wholeNumber: false, scope: scope, run: run)
        if var batcher = d.itemBatcher {
            batcher.maxItemsPerBatch = try resolve(batcher.maxItemsPerBatch, field: "ItemBatcher/MaxItemsPerBatch", minimum: 0, scope: scope, run: run)
            batcher.maxInputBytesPerBatch = try resolve(batcher.maxInputBytesPerBatch, field: "ItemBatcher/MaxInputBytesPerBatch", minimum: 0,
                                                        scope: scope, run: run)
            if let template = batcher.jsonataBatchInput {
                batcher.batchInput = try evaluate(template, field: "ItemBatcher/BatchInput", scope: scope, run: run)
                batcher.jsonataBatchInput = nil
            }
            d.itemBatcher = batcher
        }
        return d
    }

    private func abortIterations(_ running: [Int: MachineRun], state: StateDefinition, execution: Execution) {
        for (index, child) in running.sorted(by: { $0.key < $1.key }) {
            child.cancel()
            emit(execution, .mapIterationAborted, previous: execution.history.count, Details(stateName: state.name, index: index))
        }
    }
}
