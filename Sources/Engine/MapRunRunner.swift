import ASL

/// A distributed Map's Map Run: each item (or batch of items) runs as a child execution of the
/// item processor, at most `MaxConcurrency` at once; the parent's history shows only
/// MapRunStarted and MapRunSucceeded/Failed. MapStateSucceeded follows MapRunSucceeded and
/// MapStateExited follows MapRunStarted, as every recording since November 2024 shows (the
/// corpus's older recordings, of February to July 2024, have the exit follow MapRunSucceeded). The run fails with
/// `States.ExceedToleratedFailureThreshold` once more children failed than tolerated.
extension Engine {
    /// The outcome of a Map Run: the state's result (the children's outputs in item order, or what
    /// its ResultWriter gives), or the error that ended it (a States.Runtime error before any child
    /// started fails the state without a MapRunFailed).
    enum MapRunOutcome {
        case succeeded(JSONValue, mapRunSucceededId: Int)
        case failed(StatesError)
        case invalid(StatesError)

        /// The status DescribeMapRun gives a Map Run that ended so.
        var mapRunStatus: MapRunStatus {
            if case .succeeded = self { return .succeeded }
            return .failed
        }
    }

    func runMapRun(_ state: StateDefinition, _ map: MapState, _ distributed: DistributedMap, items: [JSONValue], input: JSONValue,
                   limit: Int, run: MachineRun, enteredTime: Double, redriving: MapRun? = nil, finished: @escaping (MapRunOutcome) -> Void) {
        if let redriving {
            return redriveMapRun(redriving, state, map, input: input, run: run, enteredTime: enteredTime, finished: finished)
        }
        let thresholds: FailureThresholds
        let inputs: [JSONValue]
        do throws(StatesError) {
            let context = { self.contextObject(state, run: run, enteredTime: enteredTime) }
            thresholds = try FailureThresholds(distributed, input: input, context: context, variables: run.variables)
            inputs = try childInputs(state, map, distributed, items: items, input: input, run: run, enteredTime: enteredTime)
        } catch {
            return finished(.invalid(error))
        }
        let label = distributed.label ?? state.name
        let runName = "\(run.execution.stateMachineName)/\(label)"
        let region = run.execution.region
        let mapRunArn = uniqueARN { LocalARN.mapRun(runName, id: $0, region: region) }.arn
        // Items per child: one, or a batch's.
        let itemsPerChild = inputs.map { distributed.itemBatcher == nil ? 1 : ($0["Items"]?.arrayValue?.count ?? 1) }
        let itemTotal = itemsPerChild.reduce(0, +)
        let record = MapRun(description: MapRunDescription(
            mapRunArn: mapRunArn, executionArn: run.execution.arn, stateMachineArn: LocalARN.stateMachine(runName, region: region), status: .running,
            startDate: scheduler.now, maxConcurrency: limit, toleratedFailurePercentage: thresholds.percentage ?? 0,
            toleratedFailureCount: thresholds.count ?? 0, itemCounts: MapRunCounts(pending: itemTotal, total: itemTotal),
            stateName: state.name), thresholds: thresholds)
        record.runName = runName
        record.inputs = inputs
        record.itemsPerChild = itemsPerChild
        record.processorType = distributed.executionType == .express ? .express : .standard
        register(record)
        changed(record)
        emit(run, .mapRunStarted, Details(stateName: state.name, mapRunArn: mapRunArn))
        let results = distributed.resultWriter.map { MapRunResults(writer: $0, mapRunArn: mapRunArn, count: inputs.count, readsItems: distributed.itemReader != nil) }
        driveMapRun(record, state, map, results: results, todo: Array(inputs.indices), outputs: [JSONValue](repeating: .null, count: inputs.count),
                    completed: 0, input: input, run: run, enteredTime: enteredTime, finished: finished)
    }

    /// Runs the children of the items `todo` (indices into the record's inputs; the others have
    /// their outputs in `outputs` already, `completed` of them), at most MaxConcurrency at once,
    /// until all have ended or more failed than tolerated.
    private func driveMapRun(_ record: MapRun, _ state: StateDefinition, _ map: MapState, results: MapRunResults?, todo: [Int],
                             outputs initial: [JSONValue], completed done: Int, input: JSONValue, run: MachineRun, enteredTime: Double,
                             finished: @escaping (MapRunOutcome) -> Void) {
        let inputs = record.inputs
        let runName = record.runName
        let itemTotal = record.itemsPerChild.reduce(0, +)
        var outputs = initial
        var running: [Int: Execution] = [:]
        var cursor = 0, completed = done, failed = 0
        var settled = false

        func stopChildren() {
            for (_, child) in running.sorted(by: { $0.key < $1.key }) where child.status == .running {
                end(child, status: .aborted, abortCause: "The Map Run was stopped.")
            }
            running = [:]
        }
        /// Ends the Map Run's record with `status`, then its children still running.
        func close(_ status: MapRunStatus) {
            settled = true
            record.description.status = status
            record.description.stopDate = scheduler.now
            record.onUpdate = nil
            stopChildren()
            changed(record)
        }
        func settle(_ status: MapRunStatus, _ outcome: MapRunOutcome) {
            close(status)
            finished(outcome)
        }
        /// Fails the run once more children failed than tolerated (also after UpdateMapRun lowered the thresholds).
        func failIfExceeded() -> Bool {
            guard failed > 0, record.thresholds.exceeded(failed: failed, of: inputs.count) else { return false }
            let error = StatesError(StatesError.Name.exceedToleratedFailureThreshold, "The specified tolerated failure threshold was exceeded")
            guard let results else {
                self.emit(run, .mapRunFailed, Details(stateName: state.name, error: error.error, cause: error.cause))
                settle(.failed, .failed(error))
                return true
            }
            // With a ResultWriter the results so far are written first: the running children are
            // handed over to be stopped and written as ABORTED (their ends are ignored once closed).
            let stopping = running
            running = [:]
            close(.failed)
            self.failMapRun(state, results: results, error: error, stopping: stopping, pending: ArraySlice(todo[cursor...].map { inputs[$0] }),
                            input: input, run: run, enteredTime: enteredTime, finished: finished)
            return true
        }
        func startMore() {
            // The concurrency is read live: UpdateMapRun may change it while the run goes on.
            while !settled, run.isLive, cursor < todo.count,
                  record.description.maxConcurrency == 0 || running.count < record.description.maxConcurrency {
                let index = todo[cursor]
                cursor += 1
                let items = record.itemsPerChild[index]
                record.description.itemCounts.pending -= items
                record.description.itemCounts.running += items
                record.description.executionCounts.running += 1
                let ended: (Execution) -> Void = { child in
                    record.description.itemCounts.finish(items, as: child.status)
                    record.description.executionCounts.finish(1, as: child.status)
                    self.changed(child: child)
                    self.changed(record)
                    guard !settled, run.isLive else { return }
                    running[index] = nil
                    completed += 1
                    results?.record(index, child)
                    if child.status == .succeeded {
                        outputs[index] = child.output ?? .null
                    } else {
                        failed += 1
                        outputs[index] = ["Error": .string(child.error ?? ""), "Cause": .string(child.cause ?? "")]
                        if failIfExceeded() { return }
                    }
                    if completed == inputs.count {
                        return self.completeMapRun(state, results: results, outputs: outputs, input: input, run: run, enteredTime: enteredTime) { outcome in
                            guard !settled else { return }
                            if case .succeeded = outcome, results?.writer.resource != nil {
                                // Every child's result is in the files the ResultWriter wrote.
                                record.description.itemCounts.resultsWritten = itemTotal
                                record.description.executionCounts.resultsWritten = inputs.count
                            }
                            settle(outcome.mapRunStatus, outcome)
                        }
                    }
                    startMore()
                }
                let child: Execution
                if let previous = record.childForItem[index], record.processorType == .standard, case let lastStatus = previous.status,
                   redriveChild(previous) {
                    // A STANDARD child is redriven in place: the same execution, its history going on.
                    record.description.executionCounts.reopen(1, from: lastStatus)
                    child = previous
                    child.onFinish(ended)
                } else {
                    record.description.executionCounts.total += 1
                    child = startChild(of: run.execution, runName: runName, mapRun: record, definition: map.itemProcessor, input: inputs[index],
                                       onFinish: ended)
                }
                record.childForItem[index] = child
                if child.status == .running { running[index] = child }
                changed(record)
            }
        }
        record.onUpdate = {
            guard !settled, run.isLive else { return }
            if failIfExceeded() { return }
            startMore()
        }
        run.cancelCurrent = { [unowned self] in
            guard !settled else { return }
            close(.aborted)
            self.emit(run, .mapRunAborted, Details(stateName: state.name))
            self.emit(run, .mapStateAborted, Details(stateName: state.name))
        }
        if completed == inputs.count {
            return completeMapRun(state, results: results, outputs: outputs, input: input, run: run, enteredTime: enteredTime) { outcome in
                if !settled { settle(outcome.mapRunStatus, outcome) }
            }
        }
        startMore()
    }

    /// The parent's redrive runs its failed Map Run again, as AWS's "Redriving Map Runs" describes:
    /// the same Map Run (its `redriveCount` and `redriveDate` set, `MapRunRedriven` in the parent's
    /// history), its succeeded children keep their outputs, each unsuccessful STANDARD child is
    /// redriven in place (ExecutionRedriven in its history), an unsuccessful EXPRESS child runs
    /// again as a new execution, and the items never started start.
    private func redriveMapRun(_ record: MapRun, _ state: StateDefinition, _ map: MapState, input: JSONValue, run: MachineRun,
                               enteredTime: Double, finished: @escaping (MapRunOutcome) -> Void) {
        var outputs = [JSONValue](repeating: .null, count: record.inputs.count)
        var todo: [Int] = []
        var completed = 0
        for index in record.inputs.indices {
            if let child = record.childForItem[index], child.status == .succeeded {
                outputs[index] = child.output ?? .null
                completed += 1
                continue
            }
            todo.append(index)
            // Items that ended unsuccessfully are pending again; never-started ones already are.
            if let child = record.childForItem[index] {
                record.description.itemCounts.reopen(record.itemsPerChild[index], from: child.status)
                record.description.itemCounts.pending += record.itemsPerChild[index]
            }
        }
        record.description.status = .running
        record.description.stopDate = nil
        record.description.redriveCount += 1
        record.description.redriveDate = scheduler.now
        changed(record)
        emit(run, .mapRunRedriven, Details(stateName: state.name, mapRunArn: record.description.mapRunArn, redriveCount: record.description.redriveCount))
        driveMapRun(record, state, map, results: nil, todo: todo, outputs: outputs, completed: completed, input: input, run: run,
                    enteredTime: enteredTime, finished: finished)
    }

    /// Redrives a Map Run's STANDARD child that ended unsuccessfully; false: it cannot be (it
    /// then runs again as a new child).
    private func redriveChild(_ child: Execution) -> Bool {
        guard (try? redrive(child)) != nil else { return false }
        child.onFinish { [unowned self] finished in self.scheduler.enqueue { finished.root = nil } }
        changed(child: child)
        return true
    }

    /// One child execution of a Map Run, named like Step Functions' (`MACHINE/LABEL:UUID`). It is
    /// not listed with its parent's machine's executions, nor stored with them: its Map Run lists it.
    private func startChild(of parent: Execution, runName: String, mapRun: MapRun, definition: StateMachineDefinition, input: JSONValue,
                            onFinish: @escaping (Execution) -> Void) -> Execution {
        let (arn, name) = uniqueARN { LocalARN.execution(machine: runName, name: $0, region: parent.region) }
        let child = Execution(arn: arn, name: name, stateMachineName: runName, region: parent.region,
                              definition: definition, input: input, startDate: scheduler.now, mocks: parent.mocks,
                              roleArn: parent.roleArn, isHidden: true, mapRunArn: mapRun.description.mapRunArn)
        mapRun.childArns.append(child.arn)
        mapRunBoard.children[child.arn] = child
        emit(child, .executionStarted, previous: 0, Details(input: input, roleArn: child.roleArn))
        changed(child: child)
        let root = prepareRoot(of: child)
        child.onFinish(onFinish)
        // Once it ends, break the execution <-> root-run cycle (on the next turn, not inside the
        // root's own completion): the child keeps its history for DescribeExecution and
        // GetExecutionHistory, not its runs.
        child.onFinish { [unowned self] finished in self.scheduler.enqueue { finished.root = nil } }
        scheduler.enqueue { [unowned self] in self.enter(definition.startAt, input: input, run: root) }
        return child
    }

    /// A Map Run's or a child's ARN with a fresh UUID that names nothing known yet: after a restart
    /// the engine's random sequence may repeat the UUIDs of Map Runs read back from the store.
    private func uniqueARN(_ arn: (String) -> String) -> (arn: String, uuid: String) {
        while true {
            let uuid = random.uuid(), candidate = arn(uuid)
            if mapRunBoard.runs[candidate] == nil, mapRunBoard.children[candidate] == nil, mapRunBoard.restoredChildren[candidate] == nil {
                return (candidate, uuid)
            }
        }
    }

    /// Each child's input: the item through ItemSelector, or with an ItemBatcher a batch of them
    /// as `{"Items": [...]}` plus the BatchInput.
    func childInputs(_ state: StateDefinition, _ map: MapState, _ distributed: DistributedMap, items: [JSONValue],
                             input: JSONValue, run: MachineRun, enteredTime: Double) throws(StatesError) -> [JSONValue] {
        var selected: [JSONValue] = []
        selected.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            selected.append(try selectItem(state, map, index: index, item: item, input: input, run: run, enteredTime: enteredTime))
        }
        guard let batcher = distributed.itemBatcher else { return selected }
        let context = { self.contextObject(state, run: run, enteredTime: enteredTime) }
        let maxItems = try positiveInteger(batcher.maxItemsPerBatch, field: "MaxItemsPerBatch", input: input, context: context, run: run)
        let maxBytes = try positiveInteger(batcher.maxInputBytesPerBatch, field: "MaxInputBytesPerBatch", input: input, context: context, run: run)
        var shared: [String: JSONValue] = [:]
        if let template = batcher.batchInput {
            shared = try evaluateTemplate(template, input: input, context: context(), variables: run.variables).objectValue ?? [:]
        }
        func batchInput(_ items: [JSONValue]) -> JSONValue {
            var object = shared
            object["Items"] = .array(items)
            return .object(object)
        }
        var batches: [JSONValue] = []
        var current: [JSONValue] = []
        for item in selected {
            let full = maxItems.map { current.count >= $0 } ?? false
            let tooBig = maxBytes.map { !current.isEmpty && batchInput(current + [item]).serialized().utf8.count > $0 } ?? false
            if full || tooBig {
                batches.append(batchInput(current))
                current = []
            }
            current.append(item)
        }
        if !current.isEmpty { batches.append(batchInput(current)) }
        return batches
    }

    private func positiveInteger(_ setting: SecondsSetting?, field: String, input: JSONValue, context: () -> JSONValue,
                                 run: MachineRun) throws(StatesError) -> Int? {
        switch setting {
        case nil: return nil
        case .literal(let n)?: return n > 0 ? Int(n) : nil
        case .expression?: throw StatesError.runtime("\(field) is an expression the state has not evaluated")
        case .path(let path)?:
            let value = try PathEvaluator.value(at: path, input: input, context: context(), variables: run.variables)
            guard let n = value.intValue, n >= 0 else {
                throw StatesError.runtime("The \(field)Path field refers to value \"\(value.stringValue ?? value.serialized())\" which is not a valid integer: \(path)")
            }
            return n > 0 ? n : nil
        }
    }
}

/// ToleratedFailureCount and ToleratedFailurePercentage, read as Step Functions reads them.
struct FailureThresholds {
    var count: Int?
    var percentage: Double?

    init(count: Int?, percentage: Double?) {
        self.count = count
        self.percentage = percentage
    }

    init(_ distributed: DistributedMap, input: JSONValue, context: () -> JSONValue, variables: [String: JSONValue]) throws(StatesError) {
        switch distributed.toleratedFailureCount {
        case nil: count = nil
        case .literal(let n)?: count = Int(n)
        case .expression?: throw StatesError.runtime("ToleratedFailureCount is an expression the state has not evaluated")
        case .path(let path)?:
            let value = try PathEvaluator.value(at: path, input: input, context: context(), variables: variables)
            guard let n = Self.integer(value) else {
                throw StatesError.runtime("The ToleratedFailureCountPath field refers to value \"\(value.stringValue ?? value.serialized())\" which is not a valid integer: \(path)")
            }
            count = n
        }
        if let count, count < 0 { throw StatesError.runtime("ToleratedFailureCount cannot be negative.") }
        switch distributed.toleratedFailurePercentage {
        case nil: percentage = nil
        case .literal(let p)?: percentage = p
        case .expression?: throw StatesError.runtime("ToleratedFailurePercentage is an expression the state has not evaluated")
        case .path(let path)?:
            let value = try PathEvaluator.value(at: path, input: input, context: context(), variables: variables)
            guard let p = value.numberValue ?? value.stringValue.flatMap(Double.init) else {
                throw StatesError.runtime("The ToleratedFailurePercentagePath field refers to value \"\(value.stringValue ?? value.serialized())\" which is not a valid float: \(path)")
            }
            percentage = p
        }
        if let percentage, !(0...100).contains(percentage) { throw StatesError.runtime("ToleratedFailurePercentage must be between 0 and 100.") }
    }

    /// A whole number, or a text holding one (a variable assigned "1" is read as 1).
    private static func integer(_ value: JSONValue) -> Int? {
        value.intValue ?? value.stringValue.flatMap { Int($0) }
    }

    /// Whether `failed` failures of `total` children fail the Map Run: with no threshold set,
    /// any failure does; otherwise exceeding either threshold does.
    func exceeded(failed: Int, of total: Int) -> Bool {
        guard count != nil || percentage != nil else { return failed > 0 }
        if let count, failed > count { return true }
        if let percentage, Double(failed) * 100 > percentage * Double(total) { return true }
        return false
    }
}
