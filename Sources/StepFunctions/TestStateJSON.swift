import ASL
import Engine

// TestState's request and answer in AWS JSON, both ways: the API server answers `awsJSON`
// (Sources/StepFunctionsAPI/Operations/TestStateOperations.swift), the remote client sends the
// request's `awsJSON` and reads the answer back with `init(awsJSON:for:)`.

extension TestStateInput {
    /// TestState's request members (JSON members as the JSON text AWS takes).
    public var awsJSON: JSONValue {
        var object: [String: JSONValue] = ["definition": .string(definition), "inspectionLevel": .string(inspectionLevel.rawValue)]
        if let roleArn { object["roleArn"] = .string(roleArn) }
        if let input { object["input"] = .string(input) }
        if revealSecrets { object["revealSecrets"] = true }
        if let variables { object["variables"] = .string(variables) }
        if let stateName { object["stateName"] = .string(stateName) }
        if let context { object["context"] = .string(context) }
        if let mock {
            var members: [String: JSONValue] = [:]
            if let result = mock.result { members["result"] = .string(result) }
            if mock.hasErrorOutput {
                var errorOutput: [String: JSONValue] = [:]
                if let error = mock.error { errorOutput["error"] = .string(error) }
                if let cause = mock.cause { errorOutput["cause"] = .string(cause) }
                members["errorOutput"] = .object(errorOutput)
            }
            if let mode = mock.fieldValidationMode { members["fieldValidationMode"] = .string(mode) }
            object["mock"] = .object(members)
        }
        if let configuration = stateConfiguration {
            var members: [String: JSONValue] = [:]
            if let n = configuration.retrierRetryCount { members["retrierRetryCount"] = .number(Double(n)) }
            if let name = configuration.errorCausedByState { members["errorCausedByState"] = .string(name) }
            if let n = configuration.mapIterationFailureCount { members["mapIterationFailureCount"] = .number(Double(n)) }
            if let data = configuration.mapItemReaderData { members["mapItemReaderData"] = .string(data) }
            object["stateConfiguration"] = .object(members)
        }
        return .object(object)
    }

    /// The tested state's name, type and query language, as far as the definition tells them
    /// (a state given alone runs as `TestState`, as the engine names it; an unreadable definition:
    /// no type, and JSONPath); what the answer does not repeat.
    var testedState: (name: String, type: String, queryLanguage: QueryLanguage) {
        let machine = try? JSONValue(parsing: definition)
        let state = stateName.flatMap { machine?["States"]?[$0] } ?? machine
        let language = (state?["QueryLanguage"] ?? machine?["QueryLanguage"])?.stringValue.flatMap(QueryLanguage.init(rawValue:)) ?? .jsonPath
        return (stateName ?? StateTest.singleStateName, state?["Type"]?.stringValue ?? "", language)
    }
}

extension TestStateOutput {
    /// TestState's answer: `inspectionData` (from the DEBUG level on) holds the input, each
    /// step's value and the variables as JSON text, which retrier or catcher took an error, and
    /// a Map's settings.
    public var awsJSON: JSONValue {
        var object: [String: JSONValue] = ["status": .string(status.rawValue)]
        if let output { object["output"] = .string(output.serialized()) }
        if let error { object["error"] = .string(error) }
        if let cause { object["cause"] = .string(cause) }
        if let nextState { object["nextState"] = .string(nextState) }
        if let inspection { object["inspectionData"] = Self.inspectionData(inspection) }
        return .object(object)
    }

    private static func inspectionData(_ inspection: StateInspection) -> JSONValue {
        var data: [String: JSONValue] = ["input": .string(inspection.input.serialized())]
        for step in inspection.steps { data[step.step.rawValue] = .string(step.value.serialized()) }
        if let variables = inspection.variables { data["variables"] = .string(JSONValue.object(variables).serialized()) }
        if let details = inspection.errorDetails {
            var object: [String: JSONValue] = [:]
            if let index = details.catchIndex { object["catchIndex"] = .number(Double(index)) }
            if let index = details.retryIndex { object["retryIndex"] = .number(Double(index)) }
            if let seconds = details.retryBackoffIntervalSeconds { object["retryBackoffIntervalSeconds"] = .number(Double(seconds)) }
            data["errorDetails"] = .object(object)
        }
        if let map = inspection.map {
            if let n = map.maxConcurrency { data["maxConcurrency"] = .number(Double(n)) }
            if let n = map.toleratedFailureCount { data["toleratedFailureCount"] = .number(Double(n)) }
            if let p = map.toleratedFailurePercentage { data["toleratedFailurePercentage"] = .number(p) }
        }
        return .object(data)
    }

    /// Reads TestState's answer to `request` (which names the tested state, its type and query
    /// language: the answer does not). The steps come in the data flow's order (``StateInspection/Step``'s).
    public init(awsJSON json: JSONValue, for request: TestStateInput) throws(AWSShapeError) {
        let shape = "TestState's answer"
        guard let status = json["status"]?.stringValue.flatMap(StateInspection.Status.init(rawValue:)) else {
            throw AWSShapeError(shape: shape, member: "status")
        }
        func embedded(_ value: JSONValue?) -> JSONValue? {
            value?.stringValue.map { (try? JSONValue(parsing: $0)) ?? .string($0) }
        }
        let tested = request.testedState
        let data = json["inspectionData"]
        var inspection = StateInspection(
            stateName: tested.name, stateType: tested.type, queryLanguage: tested.queryLanguage, input: embedded(data?["input"]) ?? .object([:]),
            steps: StateInspection.Step.allCases.compactMap { step in embedded(data?[step.rawValue]).map { StateInspection.StepValue(step, $0) } },
            output: embedded(json["output"]), variables: embedded(data?["variables"])?.objectValue, error: json["error"]?.stringValue,
            cause: json["cause"]?.stringValue, nextState: json["nextState"]?.stringValue, status: status)
        if let details = data?["errorDetails"] {
            inspection.errorDetails = StateInspection.ErrorDetails(catchIndex: details["catchIndex"]?.intValue, retryIndex: details["retryIndex"]?.intValue,
                                                                   retryBackoffIntervalSeconds: details["retryBackoffIntervalSeconds"]?.intValue)
        }
        let map = StateInspection.MapSettings(maxConcurrency: data?["maxConcurrency"]?.intValue,
                                              toleratedFailureCount: data?["toleratedFailureCount"]?.intValue,
                                              toleratedFailurePercentage: data?["toleratedFailurePercentage"]?.numberValue)
        if map != StateInspection.MapSettings() { inspection.map = map }
        self.init(inspection, level: data == nil ? .info : request.inspectionLevel)
    }
}
