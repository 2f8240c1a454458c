/// Which fields each state type accepts (JSONPath query language), and what each field holds.
enum StateFieldTables {
    static let stateTypes = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]

    private static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]
    private static let io: Set<String> = ["InputPath", "OutputPath"]
    private static let transition: Set<String> = ["Next", "End"]
    private static let result: Set<String> = ["ResultPath", "ResultSelector", "Retry", "Catch"]

    /// The fields a state of `type` may have, or nil for an unknown type.
    static func allowedFields(_ type: String) -> Set<String>? {
        switch type {
        case "Pass": return common.union(io).union(transition).union(["ResultPath", "Parameters", "Result", "Assign"])
        case "Task":
            return common.union(io).union(transition).union(result).union([
                "Resource", "Parameters", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                "HeartbeatSecondsPath", "Credentials", "Assign",
            ])
        case "Choice": return common.union(io).union(["Choices", "Default", "Assign"])
        case "Wait": return common.union(io).union(transition).union(["Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"])
        case "Succeed": return common.union(io)
        case "Fail": return common.union(["Error", "ErrorPath", "Cause", "CausePath"])
        case "Parallel": return common.union(io).union(transition).union(result).union(["Parameters", "Branches", "Assign"])
        case "Map":
            return common.union(io).union(transition).union(result).union([
                "ItemsPath", "ItemSelector", "Parameters", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher",
                "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label", "Assign",
            ])
        default: return nil
        }
    }

    /// Fields that exist only with the JSONata query language.
    static let jsonataOnlyFields: Set<String> = ["Arguments", "Output", "Items"]

    /// Distributed-Map fields that read and write S3, which the local engine cannot run yet.
    static let s3Fields: Set<String> = ["ItemReader", "ResultWriter"]

    /// Map fields that only a distributed Map (`ProcessorConfig.Mode: DISTRIBUTED`) may have.
    static let distributedOnlyFields: Set<String> = [
        "ItemBatcher", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath", "Label",
    ]

    /// The fields of an ItemBatcher and what each must hold.
    static let itemBatcherFields: [String: FieldKind] = [
        "MaxItemsPerBatch": .nonNegativeInteger, "MaxItemsPerBatchPath": .referencePath(nullable: false),
        "MaxInputBytesPerBatch": .nonNegativeInteger, "MaxInputBytesPerBatchPath": .referencePath(nullable: false), "BatchInput": .object,
    ]

    /// What `field` of a state of `type` must hold. Fields checked elsewhere (Retry, Catch, Choices,
    /// Branches, ItemProcessor, Iterator) are only checked for their JSON type here.
    static func kind(of field: String, inType type: String) -> FieldKind {
        switch field {
        case "Type", "Comment", "Next", "Default", "Resource", "Error", "Cause", "Label": return .string
        case "QueryLanguage": return .queryLanguage
        case "End": return .boolean
        case "InputPath", "OutputPath": return .path(nullable: true)
        case "ResultPath": return .referencePath(nullable: true)
        case "Parameters": return type == "Map" ? .payloadObject : .payload
        case "ResultSelector", "ItemSelector": return .payloadObject
        case "Result": return .any
        case "Retry", "Catch", "Choices", "Branches": return .array
        case "Assign": return .assign
        case "Credentials", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher", "ResultWriter": return .object
        case "TimeoutSeconds", "HeartbeatSeconds": return .positiveInteger
        case "Seconds", "MaxConcurrency", "ToleratedFailureCount": return .nonNegativeInteger
        case "ToleratedFailurePercentage": return .percentage
        case "Timestamp": return .timestamp
        case "ErrorPath", "CausePath": return .pathOrIntrinsic
        case "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ItemsPath",
             "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath":
            return .referencePath(nullable: false)
        default: return .any
        }
    }
}
