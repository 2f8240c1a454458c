/// The rules of one state: its fields' types, then the rules particular to its type.
extension ValidationRun {
    mutating func state(_ json: JSONValue, at location: String, scope: Set<String>) {
        guard let object = json.objectValue else { return log.add(location, "a state must be an object, not \(json.typeName)") }
        guard let typeValue = require(object, "Type", at: location) else { return }
        guard let type = typeValue.stringValue else {
            return log.add(pointer(location, "Type"), "must be a string, not \(typeValue.typeName)")
        }
        let language = self.language(of: object, at: location)
        let jsonata = language == .jsonata
        guard let allowed = jsonata ? StateFieldTables.allowedJSONataFields(type) : StateFieldTables.allowedFields(type) else {
            return log.add(pointer(location, "Type"), "unknown state type \"\(type)\"; expected one of \(StateFieldTables.stateTypes.joined(separator: ", "))")
        }
        for key in object.keys.sorted() {
            let here = pointer(location, key)
            if !jsonata, StateFieldTables.jsonataOnlyFields.contains(key) {
                log.add(here, "field \"\(key)\" is only supported for the JSONata query language; this state's QueryLanguage is JSONPath (set \"QueryLanguage\": \"JSONata\")")
            } else if jsonata, StateFieldTables.jsonPathOnlyFields.contains(key) {
                log.add(here, "field \"\(key)\" is only supported for the JSONPath query language; this state's QueryLanguage is JSONata")
            } else if !allowed.contains(key) {
                log.add(here, "field \"\(key)\" is not allowed in a \(type) state")
            } else if StateFieldTables.distributedOnlyFields.contains(key), !Self.isDistributedMap(object) {
                log.add(here, "field \"\(key)\" is only allowed in a distributed Map (ProcessorConfig Mode \"DISTRIBUTED\")")
            } else {
                let kind = jsonata ? StateFieldTables.jsonataKind(of: key, inType: type) : StateFieldTables.kind(of: key, inType: type)
                log.check(object[key]!, is: kind, at: here)
            }
        }
        if jsonata { statesReferences(object, type: type, at: location) }
        switch type {
        case "Pass", "Task", "Wait", "Parallel", "Map": transition(object, at: location, scope: scope)
        default: break
        }
        switch type {
        case "Task": task(object, at: location)
        case "Choice": choiceState(object, at: location, scope: scope, language: language)
        case "Wait": wait(object, at: location)
        case "Fail":
            exclusive(object, "Error", "ErrorPath", at: location)
            exclusive(object, "Cause", "CausePath", at: location)
        case "Parallel": parallel(object, at: location)
        case "Map": map(object, at: location, language: language)
        default: break
        }
        if allowed.contains("Retry"), let retriers = object["Retry"]?.arrayValue {
            self.retriers(retriers, at: pointer(location, "Retry"))
        }
        if allowed.contains("Catch"), let catchers = object["Catch"]?.arrayValue {
            self.catchers(catchers, at: pointer(location, "Catch"), scope: scope, language: language)
        }
    }

    /// Exactly one of `Next` and `"End": true`, and Next names a state in scope.
    mutating func transition(_ object: [String: JSONValue], at location: String, scope: Set<String>) {
        let ends = object["End"]?.boolValue == true
        let next = object["Next"]
        if ends, next != nil {
            log.add(location, "cannot have both \"Next\" and \"End\"")
        } else if !ends, next == nil {
            log.add(location, "needs either \"Next\" or \"End\": true")
        }
        target(next, at: pointer(location, "Next"), scope: scope)
    }

    mutating func task(_ object: [String: JSONValue], at location: String) {
        if let resource = require(object, "Resource", at: location)?.stringValue {
            if !Self.looksLikeURI(resource) {
                log.add(pointer(location, "Resource"), "must be a URI or ARN, not \"\(resource)\"")
            } else {
                statesIntegration(resource, object, at: location)
            }
        }
        exclusive(object, "TimeoutSeconds", "TimeoutSecondsPath", at: location)
        exclusive(object, "HeartbeatSeconds", "HeartbeatSecondsPath", at: location)
        if let timeout = object["TimeoutSeconds"]?.intValue, let heartbeat = object["HeartbeatSeconds"]?.intValue,
           timeout > 0, heartbeat > 0, heartbeat >= timeout {
            log.add(pointer(location, "HeartbeatSeconds"), "must be less than TimeoutSeconds (\(timeout))")
        }
    }

    /// `scheme:rest` with a letter-led scheme, as both ARNs and URIs are.
    static func looksLikeURI(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex, s.index(after: colon) != s.endIndex else { return false }
        let scheme = s[..<colon]
        return scheme.first!.isLetter && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    mutating func wait(_ object: [String: JSONValue], at location: String) {
        let options = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
        let present = options.filter { object[$0] != nil }
        if present.count != 1 {
            let found = present.isEmpty ? "" : ", found \(quotedList(present))"
            log.add(location, "must have exactly one of \(quotedList(options))\(found)")
        }
    }

    mutating func parallel(_ object: [String: JSONValue], at location: String) {
        guard let branches = require(object, "Branches", at: location)?.arrayValue else { return }
        let here = pointer(location, "Branches")
        if branches.isEmpty { log.add(here, "must be a non-empty array") }
        for (i, branch) in branches.enumerated() { machine(branch, at: pointer(here, i), kind: .branch) }
    }

    mutating func map(_ object: [String: JSONValue], at location: String, language: QueryLanguage) {
        exclusive(object, "ItemProcessor", "Iterator", at: location)
        exclusive(object, "ItemSelector", "Parameters", at: location)
        exclusive(object, "MaxConcurrency", "MaxConcurrencyPath", at: location)
        exclusive(object, "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", at: location)
        exclusive(object, "ToleratedFailureCount", "ToleratedFailureCountPath", at: location)
        let key = object["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard let processor = object[key] else { return log.add(location, "missing required field \"ItemProcessor\"") }
        if processor.objectValue != nil { machine(processor, at: pointer(location, key), kind: .processor) }
        if let batcher = object["ItemBatcher"]?.objectValue { itemBatcher(batcher, at: pointer(location, "ItemBatcher"), language: language) }
        if let reader = object["ItemReader"], Self.isDistributedMap(object) { itemReader(reader, at: pointer(location, "ItemReader"), language: language) }
        if let writer = object["ResultWriter"], Self.isDistributedMap(object) { resultWriter(writer, at: pointer(location, "ResultWriter"), language: language) }
    }

    /// `ItemReader`: an S3 action (getObject with the object's InputType, or listObjectsV2), its
    /// Parameters (JSONPath) or Arguments (JSONata), and the ReaderConfig.
    mutating func itemReader(_ json: JSONValue, at location: String, language: QueryLanguage) {
        guard let object = json.objectValue else { return log.add(location, "must be an object, not \(json.typeName)") }
        let jsonata = language == .jsonata
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case "Resource":
                if value != .string(ItemReader.getObject), value != .string(ItemReader.listObjectsV2) {
                    log.add(here, "must be \"\(ItemReader.getObject)\" or \"\(ItemReader.listObjectsV2)\", not \(shown(value))")
                }
            case "Parameters" where !jsonata: log.check(value, is: .payloadObject, at: here)
            case "Arguments" where jsonata: log.check(value, is: .template, at: here)
            case "ReaderConfig": readerConfig(value, at: here, language: language)
            default: log.add(here, "unknown field \"\(key)\" of an ItemReader")
            }
        }
        guard let resource = require(object, "Resource", at: location)?.stringValue else { return }
        if resource == ItemReader.getObject, object["ReaderConfig"]?["InputType"] == nil {
            log.add(location, "reading an object needs \"ReaderConfig\": {\"InputType\": \"JSON\" | \"JSONL\" | \"CSV\"}")
        }
    }

    mutating func readerConfig(_ json: JSONValue, at location: String, language: QueryLanguage) {
        guard let object = json.objectValue else { return log.add(location, "must be an object, not \(json.typeName)") }
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case "InputType":
                guard let s = value.stringValue else { log.add(here, "must be a string, not \(value.typeName)"); continue }
                if ItemReader.InputType(rawValue: s) == nil {
                    log.add(here, ["MANIFEST", "PARQUET"].contains(s) ? "InputType \"\(s)\" is not supported by the local engine; use JSON, JSONL or CSV"
                                                                      : "must be \"JSON\", \"JSONL\" or \"CSV\", not \"\(s)\"")
                }
            case "CSVHeaderLocation":
                if value != "FIRST_ROW", value != "GIVEN" { log.add(here, "must be \"FIRST_ROW\" or \"GIVEN\", not \(shown(value))") }
            case "CSVHeaders":
                guard let headers = value.arrayValue, !headers.isEmpty, headers.allSatisfy({ $0.stringValue != nil }) else {
                    log.add(here, "must be a non-empty array of strings"); continue
                }
            case "CSVDelimiter":
                if value.stringValue.flatMap(ItemReader.CSVDelimiter.init(rawValue:)) == nil {
                    log.add(here, "must be one of \(quotedList(ItemReader.CSVDelimiter.allCases.map(\.rawValue))), not \(shown(value))")
                }
            case "MaxItems":
                log.check(value, is: language == .jsonata ? .expressionOr(.nonNegativeInteger) : .nonNegativeInteger, at: here)
            case "MaxItemsPath" where language == .jsonPath: log.check(value, is: .referencePath(nullable: false), at: here)
            default: log.add(here, "unknown field \"\(key)\" of a ReaderConfig")
            }
        }
        exclusive(object, "MaxItems", "MaxItemsPath", at: location)
        if object["CSVHeaderLocation"] == "GIVEN", object["CSVHeaders"] == nil { log.add(location, "\"CSVHeaderLocation\": \"GIVEN\" needs \"CSVHeaders\"") }
    }

    mutating func itemBatcher(_ object: [String: JSONValue], at location: String, language: QueryLanguage) {
        let fields = language == .jsonata ? StateFieldTables.jsonataItemBatcherFields : StateFieldTables.itemBatcherFields
        for key in object.keys.sorted() {
            guard let kind = fields[key] else {
                log.add(pointer(location, key), "unknown field \"\(key)\"")
                continue
            }
            log.check(object[key]!, is: kind, at: pointer(location, key))
        }
        exclusive(object, "MaxItemsPerBatch", "MaxItemsPerBatchPath", at: location)
        exclusive(object, "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", at: location)
    }

    /// Whether a Map state's processor runs in DISTRIBUTED mode.
    static func isDistributedMap(_ object: [String: JSONValue]) -> Bool {
        (object["ItemProcessor"] ?? object["Iterator"])?["ProcessorConfig"]?["Mode"]?.stringValue == "DISTRIBUTED"
    }
}

/// The query language of each state: its own `QueryLanguage`, else the state machine's.
extension ValidationRun {
    /// A state's language. A state may choose JSONata in a JSONPath machine, not the reverse.
    mutating func language(of object: [String: JSONValue], at location: String) -> QueryLanguage {
        guard let own = object["QueryLanguage"]?.stringValue.flatMap(QueryLanguage.init(rawValue:)) else { return topLanguage }
        if own == .jsonPath, topLanguage == .jsonata {
            log.add(pointer(location, "QueryLanguage"), "cannot be \"JSONPath\" in a state machine whose QueryLanguage is \"JSONata\"")
        }
        return own
    }

    /// `$states.result` exists only in the Output and Assign of a Task, Parallel or Map state,
    /// `$states.errorOutput` only in a catcher's: using either elsewhere is refused, as AWS does.
    mutating func statesReferences(_ object: [String: JSONValue], type: String, at location: String) {
        let hasResult = ["Task", "Parallel", "Map"].contains(type)
        for key in object.keys.sorted() where !["Choices", "Catch", "Branches", "ItemProcessor", "Iterator"].contains(key) {
            statesReferences(object[key]!, at: pointer(location, key), result: hasResult && (key == "Output" || key == "Assign"), errorOutput: false)
        }
    }

    /// Reports `$states.result` / `$states.errorOutput` in the expressions of one field where they are not available.
    mutating func statesReferences(_ value: JSONValue, at location: String, result: Bool, errorOutput: Bool) {
        switch value {
        case .string(let text) where JSONataTemplate.isExpression(text):
            if !result, text.contains("$states.result") {
                log.add(location, "$states.result is only available in the Output and Assign of a Task, Parallel or Map state")
            }
            if !errorOutput, text.contains("$states.errorOutput") {
                log.add(location, "$states.errorOutput is only available in the Output and Assign of a Catch")
            }
        case .object(let members):
            for key in members.keys.sorted() { statesReferences(members[key]!, at: pointer(location, key), result: result, errorOutput: errorOutput) }
        case .array(let items):
            for (i, item) in items.enumerated() { statesReferences(item, at: pointer(location, i), result: result, errorOutput: errorOutput) }
        default:
            return
        }
    }
}
