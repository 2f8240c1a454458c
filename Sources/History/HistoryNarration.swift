import ASL
import Foundation

/// One line of plain text per history event worth telling a person about: a state entered,
/// succeeded, failed, caught or retried, and the execution's end. Used to follow runs live.
public struct HistoryNarration {
    private var awaitingFirstSchedule: Set<String> = []
    private var attempts: [String: Int] = [:]

    public init() {}

    /// The line for an event, or nil for events that add nothing a person needs.
    public mutating func line(for event: HistoryEvent, startDate: Double) -> String? {
        let offset = String(format: "+%.3fs", event.timestamp - startDate)
        let name = event.details.stateName ?? ""
        func say(_ verb: String, _ rest: String = "") -> String {
            let padded = verb.padding(toLength: 10, withPad: " ", startingAt: 0)
            return "\(offset)  \(padded) \(name)\(rest.isEmpty ? "" : "  " + rest)"
        }
        switch event.type {
        case let type where type.isStateEntered:
            if type == .taskStateEntered { awaitingFirstSchedule.insert(name); attempts[name] = 1 }
            return say("entered")
        case let type where type.isStateExited:
            return say("succeeded")
        case .taskScheduled, .lambdaFunctionScheduled, .activityScheduled:
            if awaitingFirstSchedule.remove(name) != nil { return nil }
            let attempt = (attempts[name] ?? 1) + 1
            attempts[name] = attempt
            return say("retrying", "attempt \(attempt)")
        case .taskFailed, .lambdaFunctionFailed, .taskTimedOut, .lambdaFunctionTimedOut, .parallelStateFailed, .mapStateFailed,
             .activityFailed, .activityTimedOut:
            let timedOut = event.type == .taskTimedOut || event.type == .lambdaFunctionTimedOut || event.type == .activityTimedOut
            return say(timedOut ? "timed out" : "failed", Self.describe(event.details))
        case .failStateEntered:
            return say("entered")
        case .taskStateAborted, .waitStateAborted, .parallelStateAborted, .mapStateAborted:
            return say("cancelled")
        case .executionSucceeded:
            return "\(offset)  SUCCEEDED"
        case .executionFailed, .executionTimedOut, .executionAborted:
            let status = event.type == .executionFailed ? "FAILED" : (event.type == .executionTimedOut ? "TIMED_OUT" : "ABORTED")
            let why = Self.describe(event.details)
            return "\(offset)  \(status)\(why.isEmpty ? "" : "  " + why)"
        default:
            return nil
        }
    }

    /// `error: cause`, with a Lambda-shaped JSON cause reduced to its message.
    public static func describe(_ details: HistoryEvent.Details) -> String {
        var cause = details.cause ?? ""
        if let json = try? JSONValue(parsing: cause), let message = json["errorMessage"]?.stringValue { cause = message }
        switch (details.error ?? "", cause) {
        case ("", ""): return ""
        case (let error, ""): return error
        case ("", let cause): return cause
        case (let error, let cause): return "\(error): \(cause)"
        }
    }
}

extension ExecutionDescription {
    /// StartSyncExecution's answer (the seed's shape): DescribeExecution plus billing details.
    /// Express billing rounds the duration up to the next 100 ms.
    public var syncExecutionJSON: JSONValue {
        guard case .object(var object) = json else { return json }
        let milliseconds = ((stopDate ?? startDate) - startDate) * 1000
        let billed = max(100, (milliseconds / 100).rounded(.up) * 100)
        object["billingDetails"] = ["billedDurationInMilliseconds": .number(billed), "billedMemoryUsedInMB": 64]
        object["outputDetails"] = ["included": true]
        return .object(object)
    }
}
