import History

/// A cursor over the histories of one or more executions, merged in time order: a run's
/// executions move in lockstep, so the eight paths of ALL can be watched diverging.
public struct Replay: Sendable, Equatable {
    /// The executions replayed, in the order they are shown.
    public var arns: [String]
    /// How many events of the merged history are shown (at least one while there are any).
    public var position: Int
    /// How many events of each execution are shown.
    public var shown: [String: Int]
    /// Engine time under the cursor: the time of the last event shown.
    public var time: Double
    /// How many events the merged history holds.
    public var total: Int
    /// Whether the cursor moves on by itself, at the clock's speed.
    public var isPlaying = false
}

/// One event of the merged history.
struct ReplayStep {
    var arn: String
    var event: HistoryEvent
}

extension DashboardState {
    /// The replayed executions' events, merged by time; events at the same time take turns
    /// (every execution's first, then every execution's second…), so that executions that run
    /// in step (an instant clock) also move in step.
    func replaySteps(_ arns: [String]) -> [ReplayStep] {
        var steps: [(step: ReplayStep, member: Int, index: Int)] = []
        for (member, arn) in arns.enumerated() {
            guard let summary = execution(arn) else { continue }
            for (index, event) in summary.events.enumerated() { steps.append((ReplayStep(arn: arn, event: event), member, index)) }
        }
        steps.sort { a, b in
            if a.step.event.timestamp != b.step.event.timestamp { return a.step.event.timestamp < b.step.event.timestamp }
            return a.index != b.index ? a.index < b.index : a.member < b.member
        }
        return steps.map(\.step)
    }

    /// A replay of `arns` with its cursor after `position` merged events.
    func replay(of arns: [String], at position: Int, playing: Bool = false) -> Replay {
        let steps = replaySteps(arns)
        let position = clamp(position, min(1, steps.count), steps.count)
        var shown = Dictionary(uniqueKeysWithValues: arns.map { ($0, 0) })
        for step in steps.prefix(position) { shown[step.arn, default: 0] += 1 }
        let time = position > 0 ? steps[position - 1].event.timestamp : (steps.first?.event.timestamp ?? now)
        return Replay(arns: arns, position: position, shown: shown, time: time, total: steps.count, isPlaying: playing)
    }

    /// The dashboard as of the replay's cursor: the replayed executions cut to the events
    /// shown, and the clock at the cursor's time. Every view draws from this.
    public var asOfReplay: DashboardState {
        guard let replay else { return self }
        var past = self
        past.now = replay.time
        for arn in replay.arns {
            guard let position = position(of: arn), let count = replay.shown[arn] else { continue }
            past.executions[position].events = Array(executions[position].events.prefix(count))
        }
        return past
    }
}

/// `r` starts a replay of what is shown (a run in the compare view, else the selected
/// execution) at its first event, or ends the replay.
func toggleReplay(_ state: inout DashboardState) {
    if state.replay != nil {
        state.replay = nil
        state.message = "replay ended"
        return
    }
    let arns: [String]
    if case .compare(let group) = state.mode {
        arns = state.compareMembers(group).map(\.arn)
    } else if case .group(let group) = state.selectedRow {
        arns = state.groupMembers(group).map(\.arn)
    } else if let arn = state.focusedExecutionArn {
        arns = [arn]
    } else {
        state.message = "select an execution to replay"
        return
    }
    guard !arns.isEmpty else { return }
    state.replay = state.replay(of: arns, at: 1)
}

/// The replay's keys: ← → one event, [ ] one state change, Home End, space play or pause.
/// Returns false for a key the replay does not take.
func reduceReplayKey(_ state: inout DashboardState, _ key: Key) -> Bool {
    guard let replay = state.replay else { return false }
    switch key {
    case .left: move(&state, replay, to: replay.position - 1)
    case .right: move(&state, replay, to: replay.position + 1)
    case .home: move(&state, replay, to: 1)
    case .end: move(&state, replay, to: replay.total)
    case .character("["), .character("]"):
        let steps = state.replaySteps(replay.arns)
        let forward = key == .character("]")
        var position = replay.position
        repeat { position += forward ? 1 : -1 } while position > 1 && position < steps.count && !isStateChange(steps[position - 1].event)
        move(&state, replay, to: position)
    case .character(" "):
        state.replay?.isPlaying.toggle()
    default:
        return false
    }
    return true
}

private func move(_ state: inout DashboardState, _ replay: Replay, to position: Int) {
    state.replay = state.replay(of: replay.arns, at: position, playing: false)
}

/// Entering or leaving a state, or the execution's own start and end.
private func isStateChange(_ event: HistoryEvent) -> Bool {
    event.type.isStateEntered || event.type.isStateExited || event.type.isTerminal || event.type == .executionStarted
}

/// While playing, the cursor follows the clock: each tick moves it on by the engine time that
/// passed (at the clock's speed), and at least one event, so an instant clock still plays.
func advanceReplay(_ state: inout DashboardState, by elapsed: Double) {
    guard let replay = state.replay, replay.isPlaying else { return }
    let steps = state.replaySteps(replay.arns)
    var position = max(replay.position + 1, 1)
    let target = replay.time + max(0, elapsed)
    while position < steps.count, steps[position].event.timestamp <= target { position += 1 }
    state.replay = state.replay(of: replay.arns, at: position, playing: position < steps.count)
}

extension DashboardState {
    /// The execution the single-execution views (timeline, events, graph) are about: the
    /// compare view's row there, else the selected one.
    var focusedExecutionArn: String? {
        switch mode {
        case .timeline(let arn), .events(let arn): return arn
        case .compare(let group):
            let members = compareMembers(group)
            return members.indices.contains(compareRow) ? members[compareRow].arn : nil
        case .main, .queues:
            return selectedExecution?.arn
        }
    }
}
