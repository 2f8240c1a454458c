/// Which fields each state type accepts in each query language, and what each field holds.
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

    /// Fields that exist only with the JSONPath query language.
    static let jsonPathOnlyFields: Set<String> = [
        "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result", "ItemsPath", "MaxConcurrencyPath",
        "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
        "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
    ]

    /// The fields a JSONata state of `type` may have ("Transforming data with JSONata in Step
    /// Functions": Arguments and Output replace the five JSONPath fields), or nil for an unknown type.
    static func allowedJSONataFields(_ type: String) -> Set<String>? {
        let data: Set<String> = ["Output", "Assign"]
        switch type {
        case "Pass": return common.union(transition).union(data)
        case "Task":
            return common.union(transition).union(data).union(["Resource", "Arguments", "TimeoutSeconds", "HeartbeatSeconds", "Credentials", "Retry", "Catch"])
        case "Choice": return common.union(data).union(["Choices", "Default"])
        case "Wait": return common.union(transition).union(data).union(["Seconds", "Timestamp"])
        case "Succeed": return common.union(["Output"])
        case "Fail": return common.union(["Error", "Cause"])
        case "Parallel": return common.union(transition).union(data).union(["Arguments", "Branches", "Retry", "Catch"])
        case "Map":
            return common.union(transition).union(data).union([
                "Items", "ItemSelector", "ItemProcessor", "Iterator", "ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrency",
                "ToleratedFailurePercentage", "ToleratedFailureCount", "Label", "Retry", "Catch",
            ])
        default: return nil
        }
    }

    /// What `field` of a JSONata state holds: most may be a `{% %}` expression instead of a literal.
    static func jsonataKind(of field: String, inType type: String) -> FieldKind {
        switch field {
        case "Arguments", "Output", "ItemSelector": return .template
        case "Assign": return .jsonataAssign
        case "Items": return .expressionOr(.array)
        case "TimeoutSeconds", "HeartbeatSeconds": return .expressionOr(.positiveInteger)
        case "Seconds", "MaxConcurrency", "ToleratedFailureCount": return .expressionOr(.nonNegativeInteger)
        case "ToleratedFailurePercentage": return .expressionOr(.percentage)
        case "Timestamp": return .expressionOr(.timestamp)
        case "Error", "Cause": return .expressionOr(.string)
        default: return kind(of: field, inType: type)
        }
    }

    /// Map fields that only a distributed Map (`ProcessorConfig.Mode: DISTRIBUTED`) may have.
    /// (AWS accepts ToleratedFailureCount and ToleratedFailurePercentage on an inline Map, where
    /// they have no effect: the corpus records such executions succeeding.)
    static let distributedOnlyFields: Set<String> = ["ItemBatcher", "Label", "ItemReader", "ResultWriter"]

    /// The fields of an ItemBatcher and what each must hold.
    static let itemBatcherFields: [String: FieldKind] = [
        "MaxItemsPerBatch": .nonNegativeInteger, "MaxItemsPerBatchPath": .referencePath(nullable: false),
        "MaxInputBytesPerBatch": .nonNegativeInteger, "MaxInputBytesPerBatchPath": .referencePath(nullable: false), "BatchInput": .object,
    ]

    /// The fields of a JSONata Map's ItemBatcher.
    static let jsonataItemBatcherFields: [String: FieldKind] = [
        "MaxItemsPerBatch": .expressionOr(.nonNegativeInteger), "MaxInputBytesPerBatch": .expressionOr(.nonNegativeInteger),
        "BatchInput": .template,
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
