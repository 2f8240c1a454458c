import History
import LocalStepFunctions
import StepFunctions

/// What a screen reads of the executions a service already holds, through the seam's
/// operations (ListStateMachines, ListExecutions, DescribeExecution, GetExecutionHistory).
package enum RestoredExecutions {
    /// Every execution of every state machine, oldest first (AWS lists a machine's newest first;
    /// executions that started at the same time keep their machine's order, machines theirs).
    package static func list(_ operations: LoopOperations) -> [ExecutionDescription] {
        var found: [ExecutionDescription] = []
        for machine in operations.listStateMachines() {
            let items = (try? operations.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil)) ?? []
            found += items.reversed().compactMap { try? operations.describeExecution(arn: $0.executionArn) }
        }
        // A stable sort: ties keep the order above.
        return found.enumerated().sorted { ($0.element.startDate, $0.offset) < ($1.element.startDate, $1.offset) }.map(\.element)
    }

    /// An execution's whole history, page after page.
    package static func history(of arn: String, _ operations: LoopOperations) -> [HistoryEvent] {
        var events: [HistoryEvent] = []
        var page = HistoryPageRequest(maxResults: 1000)
        repeat {
            guard let answer = try? operations.getExecutionHistory(arn: arn, page: page) else { break }
            events += answer.events
            page.nextToken = answer.nextToken
        } while page.nextToken != nil
        return events
    }
}
