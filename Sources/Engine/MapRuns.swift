import ASL

/// A distributed Map's Map Run as a resource: DescribeMapRun's record, kept up to date by the
/// runner (``Engine/runMapRun``) as children start and end, and changed live by UpdateMapRun.
final class MapRun {
    var description: MapRunDescription
    /// The tolerated failures as the Map state set them, then as UpdateMapRun changed them
    /// (each threshold nil until set: with none set any failure fails the run).
    var thresholds: FailureThresholds
    /// Its child executions' ARNs, in start order.
    var childArns: [String] = []
    /// Called after UpdateMapRun changed the settings of a running Map Run (the runner starts
    /// more children if the concurrency allows, and checks the thresholds again).
    var onUpdate: (() -> Void)?
    /// Each child's input and how many items it holds, and the child that last ran each (by
    /// index): kept while the process lives, so that the parent's redrive can run the unsuccessful
    /// ones again. A Map Run read back from a store has none (its parent's redrive starts a new one).
    var inputs: [JSONValue] = []
    var itemsPerChild: [Int] = []
    /// Its children's machine name, `MACHINE/LABEL`.
    var runName = ""
    var childForItem: [Int: Execution] = [:]
    /// The item processor's ExecutionType: a redrive redrives a STANDARD child in place and
    /// starts an EXPRESS one anew, as AWS does.
    var processorType: StateMachineType = .standard

    init(description: MapRunDescription, thresholds: FailureThresholds) {
        self.description = description
        self.thresholds = thresholds
    }
}

/// What a store keeps of Map Runs: every change of a Map Run's record and of its children's descriptions.
public enum MapRunChange {
    case mapRun(MapRunDescription)
    case child(ExecutionDescription)
}

/// The engine's Map Runs, their children and who watches them.
struct MapRunBoard {
    var runs: [String: MapRun] = [:]
    /// The Map Runs each execution started, in start order.
    var byExecution: [String: [String]] = [:]
    /// Child executions that run (or ran) in this process, by ARN.
    var children: [String: Execution] = [:]
    /// Children read back from a store: their descriptions only (their histories are not stored).
    var restoredChildren: [String: ExecutionDescription] = [:]
    var observers: [(MapRunChange) -> Void] = []
}

/// Why UpdateMapRun refuses a change.
public enum MapRunUpdateError: Error, Equatable, Sendable {
    case doesNotExist
    /// AWS: only a running Map Run can be updated.
    case notRunning(MapRunStatus)
}

extension Engine {
    /// Calls `observer` (on the loop) with every change of a Map Run or of one of its children.
    public func observeMapRuns(_ observer: @escaping (MapRunChange) -> Void) {
        mapRunBoard.observers.append(observer)
    }

    /// DescribeMapRun.
    public func mapRun(_ arn: String) -> MapRunDescription? { mapRunBoard.runs[arn]?.description }

    /// ListMapRuns of an execution, newest first.
    public func mapRuns(ofExecution arn: String) -> [MapRunDescription] {
        (mapRunBoard.byExecution[arn] ?? []).reversed().compactMap { mapRunBoard.runs[$0]?.description }
    }

    /// A Map Run's child executions, newest first (ListExecutions with `mapRunArn`); nil: no such Map Run.
    public func mapRunChildren(_ arn: String) -> [ExecutionDescription]? {
        guard let run = mapRunBoard.runs[arn] else { return nil }
        return run.childArns.reversed().compactMap(describeMapRunChild)
    }

    /// A child execution of a Map Run that runs or ran in this process (its history included).
    public func mapRunChild(_ arn: String) -> Execution? { mapRunBoard.children[arn] }

    /// DescribeExecution of a Map Run's child, live or read back from a store. A child is not
    /// redriven on its own: an unsuccessful one is `REDRIVABLE_BY_MAP_RUN` (its parent's redrive
    /// runs its Map Run again).
    public func describeMapRunChild(_ arn: String) -> ExecutionDescription? {
        guard let child = mapRunBoard.children[arn] else { return mapRunBoard.restoredChildren[arn] }
        var description = child.description
        description.mapRunArn = child.mapRunArn
        switch child.status {
        case .running, .succeeded:
            description.redriveStatus = .notRedrivable
            description.redriveStatusReason = "Execution is \(child.status.rawValue) and cannot be redriven"
        case .failed, .timedOut, .aborted:
            description.redriveStatus = .redrivableByMapRun
        }
        return description
    }

    /// UpdateMapRun: new concurrency and tolerated failures (nil keeps each) of a running Map
    /// Run; the runner reads them from its next step on.
    public func updateMapRun(_ arn: String, maxConcurrency: Int?, toleratedFailurePercentage: Double?,
                             toleratedFailureCount: Int?) throws(MapRunUpdateError) {
        guard let run = mapRunBoard.runs[arn] else { throw .doesNotExist }
        guard run.description.status == .running else { throw .notRunning(run.description.status) }
        if let maxConcurrency { run.description.maxConcurrency = maxConcurrency }
        if let toleratedFailurePercentage {
            run.description.toleratedFailurePercentage = toleratedFailurePercentage
            run.thresholds.percentage = toleratedFailurePercentage
        }
        if let toleratedFailureCount {
            run.description.toleratedFailureCount = toleratedFailureCount
            run.thresholds.count = toleratedFailureCount
        }
        changed(run)
        run.onUpdate?()
    }

    /// Brings back a Map Run and its children's descriptions read from a store. One that was
    /// running when the process stopped has ended: its parent, resumed, starts a new Map Run (the
    /// engine does not resume child executions), so it and its running children are ABORTED as of
    /// the last moment the store knows of them.
    public func restoreMapRun(_ stored: MapRunDescription, children: [ExecutionDescription]) {
        var description = stored
        var restored = children
        if description.status == .running {
            let last = ([description.startDate] + children.flatMap { [$0.startDate, $0.stopDate ?? $0.startDate] }).max() ?? description.startDate
            description.status = .aborted
            description.stopDate = last
            for index in restored.indices where restored[index].status == .running {
                restored[index].status = .aborted
                restored[index].stopDate = last
                restored[index].redriveStatus = .redrivableByMapRun
                restored[index].redriveStatusReason = nil
            }
            description.itemCounts.aborted += description.itemCounts.running
            description.itemCounts.running = 0
            description.executionCounts.aborted += description.executionCounts.running
            description.executionCounts.running = 0
        }
        let run = MapRun(description: description, thresholds: FailureThresholds(count: nil, percentage: nil))
        run.childArns = restored.map(\.executionArn)
        register(run)
        for child in restored { mapRunBoard.restoredChildren[child.executionArn] = child }
    }

    func register(_ run: MapRun) {
        let arn = run.description.mapRunArn
        mapRunBoard.runs[arn] = run
        mapRunBoard.byExecution[run.description.executionArn, default: []].append(arn)
    }

    /// Tells the observers a Map Run's record changed.
    func changed(_ run: MapRun) {
        guard !mapRunBoard.observers.isEmpty else { return }
        let description = run.description
        for observer in mapRunBoard.observers { observer(.mapRun(description)) }
    }

    /// Tells the observers a child started or ended.
    func changed(child: Execution) {
        guard !mapRunBoard.observers.isEmpty, let description = describeMapRunChild(child.arn) else { return }
        for observer in mapRunBoard.observers { observer(.child(description)) }
    }
}
