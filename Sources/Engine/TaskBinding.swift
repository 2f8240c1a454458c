import ASL

/// What a Task's `Resource` means: which local integration runs it, and whether it waits for
/// a callback. Parsed from the ARN forms AWS accepts.
struct TaskBinding {
    enum Integration {
        /// `arn:aws:states:::lambda:invoke`: result wrapped as `{ExecutedVersion, Payload, StatusCode}`.
        case lambdaInvoke
        /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`: result is the function's return.
        case lambdaFunction(name: String)
        /// `arn:aws:states:::sqs:sendMessage`.
        case sqsSendMessage
        /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`: a worker takes the task with
        /// GetActivityTask (Activities.swift).
        case activity(arn: String)
        /// `arn:aws:states:::states:startExecution` and its `.sync`, `.sync:2` and
        /// `.waitForTaskToken` forms: a nested execution (NestedExecutions.swift).
        case startExecution(NestedExecutionPattern)
        /// Anything else: a handler registered for the exact resource.
        case registered
    }

    let resource: String
    let integration: Integration
    let waitsForCallback: Bool
    /// `resourceType` / `resource` of Task events, e.g. `lambda` / `invoke`.
    let eventResourceType: String
    let eventResource: String

    init(resource: String) {
        self.resource = resource
        var base = resource
        waitsForCallback = resource.hasSuffix(".waitForTaskToken")
        if waitsForCallback { base = String(resource.dropLast(".waitForTaskToken".count)) }
        // The integration pattern's suffix, which Task events keep in their `resource` (AWS writes
        // `startExecution.sync:2`, `sendMessage.waitForTaskToken`).
        var sync = ""
        for suffix in [".sync", ".sync:2"] where base.hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
            sync = suffix
        }
        let pattern = sync + (waitsForCallback ? ".waitForTaskToken" : "")
        let parts = Self.colonParts(base)
        if parts.count >= 7, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" {
            integration = .lambdaFunction(name: String(parts[6]))
            eventResourceType = "lambda"
            eventResource = resource
        } else if parts.count == 7, parts[0] == "arn", parts[2] == "states", parts[5] == "activity", !parts[6].isEmpty, !waitsForCallback {
            integration = .activity(arn: resource)
            eventResourceType = "activity"
            eventResource = resource
        } else if parts.count >= 7, parts[0] == "arn", parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty {
            let service = String(parts[5]), action = String(parts[6])
            eventResourceType = service
            eventResource = action + pattern
            switch (service, action) {
            case ("lambda", "invoke"): integration = .lambdaInvoke
            case ("sqs", "sendMessage"): integration = .sqsSendMessage
            case ("states", "startExecution"):
                integration = NestedExecutionPattern(suffix: pattern).map { .startExecution($0) } ?? .registered
            default: integration = .registered
            }
        } else {
            integration = .registered
            eventResourceType = parts.count > 2 ? String(parts[2]) : "custom"
            eventResource = resource
        }
    }

    /// Direct function ARNs report LambdaFunction* events; everything else Task* events.
    var isDirectLambda: Bool {
        if case .lambdaFunction = integration { return true }
        return false
    }

    /// A Lambda function's name from `FunctionName` (a name, or a function ARN with an optional qualifier).
    static func functionName(_ value: String) -> String {
        let parts = colonParts(value)
        if parts.count >= 7, parts[0] == "arn", parts[5] == "function" { return String(parts[6]) }
        return value
    }

    /// `text` split at every ":" (empty parts kept). Splitting by Character cost ~10% of a saga
    /// (it runs for every task attempt); ASCII text, where bytes and Characters agree, is split
    /// by UTF-8 bytes instead, anything else as before.
    static func colonParts(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: ":", omittingEmptySubsequences: false) }
        var parts: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: ":") {
                parts.append(text[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(text[start..<utf8.endIndex])
        return parts
    }

    /// The `lambda:invoke` result shape.
    static func lambdaEnvelope(_ payload: JSONValue) -> JSONValue {
        [
            "ExecutedVersion": "$LATEST",
            "Payload": payload,
            "SdkHttpMetadata": ["HttpStatusCode": 200],
            "SdkResponseMetadata": ["RequestId": "00000000-0000-4000-8000-000000000000"],
            "StatusCode": 200,
        ]
    }
}
