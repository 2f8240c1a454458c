import ASL
import Engine
import Foundation

/// DescribeStateMachine's answer.
public struct StateMachineDescription: Sendable, Equatable {
    public var stateMachineArn: String
    public var name: String
    public var definition: String
    public var status: String
    public var type: String
    /// The role its executions run as.
    public var roleArn: String
    public var creationDate: Double
    public var updateDate: Double?
    /// The revision described (nil: the machine's first one, as AWS answers).
    public var revisionId: String?
    /// A version's description (only versions have one).
    public var description: String?
    /// DescribeStateMachineForExecution of a distributed Map's child: the Map Run that started it
    /// and the Map state's label (nil for any other execution).
    public var mapRunArn: String?
    public var label: String?

    public init(stateMachineArn: String, name: String, definition: String, status: String = "ACTIVE", type: String = "STANDARD",
                roleArn: String = LocalARN.executionRole, creationDate: Double, updateDate: Double? = nil, revisionId: String? = nil,
                description: String? = nil) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.definition = definition
        self.status = status
        self.type = type
        self.roleArn = roleArn
        self.creationDate = creationDate
        self.updateDate = updateDate
        self.revisionId = revisionId
        self.description = description
    }
}

/// One entry of ListStateMachines.
public struct StateMachineListItem: Sendable, Equatable {
    public var stateMachineArn: String
    public var name: String
    public var type: String
    public var creationDate: Double

    public init(stateMachineArn: String, name: String, type: String = "STANDARD", creationDate: Double) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.type = type
        self.creationDate = creationDate
    }

    /// Whether ListExecutions lists its executions: AWS keeps no EXPRESS execution to list or
    /// describe (their record is the logs) and answers `StateMachineTypeNotSupported`.
    public var listsExecutions: Bool { type != StateMachineType.express.rawValue }
}

/// StartExecution's (and StartSyncExecution's) request.
public struct StartExecutionInput: Sendable, Equatable {
    public var stateMachineArn: String
    /// A fresh UUID when nil.
    public var name: String?
    public var input: JSONValue
    /// Step Functions Local's `#TestCase` suffix: the mock test case to run with.
    public var testCase: String?

    public init(stateMachineArn: String, name: String? = nil, input: JSONValue = .object([:]), testCase: String? = nil) {
        self.stateMachineArn = stateMachineArn
        self.name = name
        self.input = input
        self.testCase = testCase
    }
}

public struct StartExecutionOutput: Sendable, Equatable {
    public var executionArn: String
    public var startDate: Double

    public init(executionArn: String, startDate: Double) {
        self.executionArn = executionArn
        self.startDate = startDate
    }
}

/// One entry of ListExecutions.
public struct ExecutionListItem: Sendable, Equatable {
    public var executionArn: String
    public var stateMachineArn: String
    public var name: String
    public var status: ExecutionStatus
    public var startDate: Double
    public var stopDate: Double?
    /// The version (and alias) it was started through, if any.
    public var stateMachineVersionArn: String?
    public var stateMachineAliasArn: String?
    /// STANDARD executions: times redriven, and when last (see ``ExecutionDescription``).
    public var redriveCount: Int?
    public var redriveDate: Double?
    /// A Map Run's child, listed by its Map Run: that Map Run (AWS answers it only then).
    public var mapRunArn: String?

    public init(_ description: ExecutionDescription) {
        executionArn = description.executionArn
        stateMachineArn = description.stateMachineArn
        name = description.name
        status = description.status
        startDate = description.startDate
        stopDate = description.stopDate
        stateMachineVersionArn = description.stateMachineVersionArn
        stateMachineAliasArn = description.stateMachineAliasArn
        redriveCount = description.redriveCount
        redriveDate = description.redriveDate
        mapRunArn = description.mapRunArn
    }
}

/// ListExecutions' `redriveFilter`: only the executions redriven at least once, or only the others.
public enum ExecutionRedriveFilter: String, Sendable, CaseIterable {
    case redriven = "REDRIVEN"
    case notRedriven = "NOT_REDRIVEN"

    /// Whether an execution redriven `redriveCount` times passes the filter.
    public func admits(redriveCount: Int) -> Bool {
        switch self {
        case .redriven: return redriveCount > 0
        case .notRedriven: return redriveCount == 0
        }
    }
}

/// GetExecutionHistory's paging: at most `maxResults` events (AWS: 1...1000, default 100)
/// after the page `nextToken` names, oldest first unless `reverseOrder`.
public struct HistoryPageRequest: Sendable, Equatable {
    public var maxResults: Int
    public var nextToken: String?
    public var reverseOrder: Bool

    public init(maxResults: Int = 100, nextToken: String? = nil, reverseOrder: Bool = false) {
        self.maxResults = maxResults
        self.nextToken = nextToken
        self.reverseOrder = reverseOrder
    }
}

public struct HistoryPage: Sendable, Equatable {
    public var events: [HistoryEvent]
    /// Set when more events follow; pass it back for the next page.
    public var nextToken: String?

    public init(events: [HistoryEvent], nextToken: String?) {
        self.events = events
        self.nextToken = nextToken
    }
}

/// A resource's tag.
public struct ResourceTag: Sendable, Equatable {
    /// AWS's limit of tags on one resource.
    public static let maxPerResource = 50

    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// What the live feed reports.
public enum ServiceChange: Sendable, Equatable {
    case stateMachineCreated(StateMachineListItem)
    /// UpdateStateMachine changed a machine's definition or role (its next executions run it).
    case stateMachineUpdated(StateMachineListItem)
    case stateMachineDeleted(stateMachineArn: String)
    /// An execution started (its ExecutionStarted event follows as `.events`).
    case executionStarted(ExecutionListItem, input: JSONValue)
    /// New history events of one execution, in order.
    case events(executionArn: String, [HistoryEvent])
}

/// Ends a feed subscription.
public final class ServiceSubscription: Sendable {
    private let onCancel: @Sendable () -> Void

    public init(onCancel: @escaping @Sendable () -> Void) { self.onCancel = onCancel }

    public func cancel() { onCancel() }
}

/// The API's errors, with AWS's names (what the API server answers as `__type`).
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case stateMachineDoesNotExist = "StateMachineDoesNotExist"
        case stateMachineAlreadyExists = "StateMachineAlreadyExists"
        case stateMachineDeleting = "StateMachineDeleting"
        case stateMachineTypeNotSupported = "StateMachineTypeNotSupported"
        case invalidDefinition = "InvalidDefinition"
        case invalidName = "InvalidName"
        case invalidArn = "InvalidArn"
        case executionDoesNotExist = "ExecutionDoesNotExist"
        case executionAlreadyExists = "ExecutionAlreadyExists"
        case invalidExecutionInput = "InvalidExecutionInput"
        case invalidToken = "InvalidToken"
        case taskDoesNotExist = "TaskDoesNotExist"
        case taskTimedOut = "TaskTimedOut"
        case validation = "ValidationException"
        case resourceNotFound = "ResourceNotFound"
        case tooManyTags = "TooManyTags"
        case conflict = "ConflictException"
        case serviceQuotaExceeded = "ServiceQuotaExceededException"
        case executionNotRedrivable = "ExecutionNotRedrivable"
        case activityDoesNotExist = "ActivityDoesNotExist"
        case activityWorkerLimitExceeded = "ActivityWorkerLimitExceeded"
        // What a remote service (``StepFunctionsService`` over HTTP) answers besides the above.
        /// AWS throttled the request (its token buckets per account and operation).
        case throttling = "ThrottlingException"
        /// The credentials lack a permission.
        case accessDenied = "AccessDeniedException"
        /// Another AWS error; ``ServiceError/type`` keeps the name the service gave it
        /// (`UnrecognizedClientException`, `InvalidSignatureException`, `ExpiredTokenException`, ...).
        case remote = "RemoteServiceError"
        /// The endpoint could not be reached or did not answer in AWS's protocol (connection refused,
        /// unknown host, TLS failure, timeout, a body that is not AWS JSON).
        case unreachable = "EndpointUnreachable"
    }

    public var kind: Kind
    public var message: String
    /// The error's name as a remote service gave it, when it is none of ``Kind``'s.
    public var awsType: String?

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An error a service answered as `{"__type": type, "message": message}`: its ``Kind`` when
    /// it has one, ``Kind/remote`` keeping `type` otherwise. A `#` prefix (`com.amazonaws...#Name`)
    /// and a `:` suffix (`Name:http://...`, as some services add) are dropped from the type.
    public init(awsType rawType: String, message: String) {
        var type = Substring(rawType)
        if let hash = type.lastIndex(of: "#") { type = type[type.index(after: hash)...] }
        if let colon = type.firstIndex(of: ":") { type = type[..<colon] }
        let name = type.trimmingCharacters(in: .whitespaces)
        if let kind = Kind(rawValue: name) {
            self.init(kind, message)
        } else {
            self.init(.remote, message)
            awsType = name.isEmpty ? nil : name
        }
    }

    /// AWS's name of the error: the service's own when it was none of ``Kind``'s.
    public var type: String { awsType ?? kind.rawValue }

    public var description: String { "\(type): \(message)" }
}

// MARK: activities

/// DescribeActivity's answer, and one entry of ListActivities.
public struct ActivityDescription: Sendable, Equatable {
    public var activityArn: String
    public var name: String
    public var creationDate: Double

    public init(activityArn: String, name: String, creationDate: Double) {
        self.activityArn = activityArn
        self.name = name
        self.creationDate = creationDate
    }
}
