import Foundation

extension StateMachineDefinition {
    /// Parses, validates and builds a definition from JSON text.
    public static func load(text: String) throws(DefinitionError) -> StateMachineDefinition {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: text)
        } catch {
            throw DefinitionError(problems: [ValidationProblem(location: "", message: "not valid JSON: \(error)")])
        }
        return try load(json: json)
    }

    /// Validates a definition and builds the model; every problem is reported, not just the first.
    public static func load(json: JSONValue) throws(DefinitionError) -> StateMachineDefinition {
        let problems = DefinitionValidator.validate(json)
        if !problems.isEmpty { throw DefinitionError(problems: problems) }
        do {
            let language = json["QueryLanguage"]?.stringValue.flatMap(QueryLanguage.init(rawValue:)) ?? .jsonPath
            return try DefinitionDecoder(topLanguage: language).machine(json, at: "")
        } catch {
            throw DefinitionError(problems: [error])
        }
    }
}

/// Builds the model from JSON that has passed ``DefinitionValidator``. It still checks each
/// field's type and reports a problem instead of trapping, so it is safe on any input.
struct DefinitionDecoder {
    /// The state machine's `QueryLanguage`, which every state without its own uses (in Parallel
    /// branches and Map processors too).
    var topLanguage: QueryLanguage

    func machine(_ json: JSONValue, at location: String) throws(ValidationProblem) -> StateMachineDefinition {
        guard let object = json.objectValue else { throw ValidationProblem(location: location, message: "must be an object") }
        let startAt = try string(object, "StartAt", at: location)
        guard let statesObject = object["States"]?.objectValue else {
            throw ValidationProblem(location: location + "/States", message: "must be an object of states")
        }
        var states: [String: StateDefinition] = [:]
        for (name, stateJSON) in statesObject {
            states[name] = try state(name: name, stateJSON, at: location + "/States/" + escape(name))
        }
        return StateMachineDefinition(
            comment: object["Comment"]?.stringValue,
            startAt: startAt,
            states: states,
            stateNames: Self.traversalOrder(startAt: startAt, states: states),
            timeoutSeconds: object["TimeoutSeconds"]?.numberValue,
            version: object["Version"]?.stringValue,
            queryLanguage: topLanguage
        )
    }

    /// Breadth-first from StartAt following Next, Choice rules, Default and Catch; states not
    /// reached (only possible in unvalidated input) follow in name order.
    static func traversalOrder(startAt: String, states: [String: StateDefinition]) -> [String] {
        var order: [String] = []
        var seen: Set<String> = []
        var queue = [startAt]
        var head = 0
        while head < queue.count {
            let name = queue[head]
            head += 1
            guard !seen.contains(name), let state = states[name] else { continue }
            seen.insert(name)
            order.append(name)
            queue.append(contentsOf: state.successors)
        }
        for name in states.keys.sorted() where !seen.contains(name) { order.append(name) }
        return order
    }

    func state(name: String, _ json: JSONValue, at location: String) throws(ValidationProblem) -> StateDefinition {
        guard let object = json.objectValue else { throw ValidationProblem(location: location, message: "a state must be an object") }
        let type = try string(object, "Type", at: location)
        let language = object["QueryLanguage"]?.stringValue.flatMap(QueryLanguage.init(rawValue:)) ?? topLanguage
        let jsonata = language == .jsonata
        let kind: StateKind
        switch type {
        case "Pass": kind = .pass(result: jsonata ? nil : object["Result"])
        case "Task": kind = .task(try task(object, at: location, jsonata: jsonata))
        case "Choice": kind = .choice(try choice(object, at: location, jsonata: jsonata))
        case "Wait": kind = .wait(try wait(object, at: location, jsonata: jsonata))
        case "Succeed": kind = .succeed
        case "Fail":
            if jsonata {
                kind = .fail(FailState(error: literalString(object["Error"]), cause: literalString(object["Cause"]),
                                       errorExpression: try expression(object["Error"], at: location + "/Error"),
                                       causeExpression: try expression(object["Cause"], at: location + "/Cause")))
            } else {
                kind = .fail(FailState(error: object["Error"]?.stringValue, errorPath: object["ErrorPath"]?.stringValue,
                                       cause: object["Cause"]?.stringValue, causePath: object["CausePath"]?.stringValue))
            }
        case "Parallel":
            guard let branches = object["Branches"]?.arrayValue else {
                throw ValidationProblem(location: location + "/Branches", message: "must be an array of branches")
            }
            var built: [StateMachineDefinition] = []
            for (i, branch) in branches.enumerated() { built.append(try machine(branch, at: "\(location)/Branches/\(i)")) }
            kind = .parallel(branches: built)
        case "Map": kind = .map(try map(object, at: location, jsonata: jsonata))
        default: throw ValidationProblem(location: location + "/Type", message: "unknown state type \"\(type)\"")
        }
        return StateDefinition(
            name: name,
            kind: kind,
            comment: object["Comment"]?.stringValue,
            next: object["Next"]?.stringValue,
            end: object["End"]?.boolValue ?? false,
            inputPath: pathSetting(object["InputPath"]),
            outputPath: pathSetting(object["OutputPath"]),
            resultPath: pathSetting(object["ResultPath"]),
            parameters: type == "Map" ? nil : object["Parameters"],
            resultSelector: object["ResultSelector"],
            retry: try (object["Retry"]?.arrayValue ?? []).enumerated().map { i, r throws(ValidationProblem) in try retry(r, at: "\(location)/Retry/\(i)") },
            catchers: try (object["Catch"]?.arrayValue ?? []).enumerated().map { i, c throws(ValidationProblem) in
                try catcher(c, at: "\(location)/Catch/\(i)", jsonata: jsonata)
            },
            assign: jsonata ? nil : object["Assign"],
            jsonata: jsonata ? try jsonataFields(object, at: location) : nil,
            source: .object(object)
        )
    }

    /// Arguments, Output and Assign of a JSONata state, catcher or Choice rule.
    func jsonataFields(_ object: [String: JSONValue], at location: String) throws(ValidationProblem) -> JSONataFields {
        JSONataFields(arguments: try template(object["Arguments"], at: location + "/Arguments"),
                      output: try template(object["Output"], at: location + "/Output"),
                      assign: try template(object["Assign"], at: location + "/Assign"))
    }

    /// A JSONata field's value with its expressions parsed (nil when the field is absent).
    func template(_ json: JSONValue?, at location: String) throws(ValidationProblem) -> JSONataTemplate? {
        guard let json else { return nil }
        do {
            return try JSONataTemplate(json)
        } catch {
            throw ValidationProblem(location: location + error.pointer, message: "JSONata syntax error \(error.error.code): \(error.error.message)")
        }
    }

    /// A JSONata field that is an expression when it is a `{% %}` string (nil otherwise).
    func expression(_ json: JSONValue?, at location: String) throws(ValidationProblem) -> JSONataTemplate? {
        guard let text = json?.stringValue, JSONataTemplate.isExpression(text) else { return nil }
        return try template(json, at: location)
    }

    /// A string field's literal value, nil when it is absent or a `{% %}` expression.
    func literalString(_ json: JSONValue?) -> String? {
        guard let text = json?.stringValue, !JSONataTemplate.isExpression(text) else { return nil }
        return text
    }

    func pathSetting(_ json: JSONValue?) -> PathSetting {
        switch json {
        case nil: return .root
        case .null?: return .discard
        case .string(let s)?: return .path(s)
        default: return .root
        }
    }

    /// A number field: literal, its `...Path` form (JSONPath), or a `{% %}` expression (JSONata).
    func seconds(_ object: [String: JSONValue], literal: String, path: String, at location: String) throws(ValidationProblem) -> SecondsSetting? {
        if let n = object[literal]?.numberValue { return .literal(n) }
        if let p = object[path]?.stringValue { return .path(p) }
        if let e = try expression(object[literal], at: location + "/" + literal) { return .expression(e) }
        return nil
    }

    func task(_ object: [String: JSONValue], at location: String, jsonata: Bool) throws(ValidationProblem) -> TaskState {
        TaskState(
            resource: try string(object, "Resource", at: location),
            timeout: try seconds(object, literal: "TimeoutSeconds", path: "TimeoutSecondsPath", at: location),
            heartbeat: try seconds(object, literal: "HeartbeatSeconds", path: "HeartbeatSecondsPath", at: location)
        )
    }

    func wait(_ object: [String: JSONValue], at location: String, jsonata: Bool) throws(ValidationProblem) -> WaitState {
        if jsonata {
            if let e = try expression(object["Seconds"], at: location + "/Seconds") { return WaitState(duration: .secondsExpression(e)) }
            if let e = try expression(object["Timestamp"], at: location + "/Timestamp") { return WaitState(duration: .timestampExpression(e)) }
        }
        if let n = object["Seconds"]?.numberValue { return WaitState(duration: .seconds(n)) }
        if let p = object["SecondsPath"]?.stringValue { return WaitState(duration: .secondsPath(p)) }
        if let t = object["Timestamp"]?.stringValue { return WaitState(duration: .timestamp(t)) }
        if let p = object["TimestampPath"]?.stringValue { return WaitState(duration: .timestampPath(p)) }
        throw ValidationProblem(location: location, message: "a Wait state needs one of Seconds, SecondsPath, Timestamp, TimestampPath")
    }

    func map(_ object: [String: JSONValue], at location: String, jsonata: Bool) throws(ValidationProblem) -> MapState {
        let processorKey = object["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard let processor = object[processorKey] else {
            throw ValidationProblem(location: location, message: "a Map state needs an ItemProcessor (or Iterator)")
        }
        return MapState(
            itemsPath: object["ItemsPath"]?.stringValue ?? "$",
            itemSelector: jsonata ? nil : object["ItemSelector"] ?? object["Parameters"],
            itemProcessor: try machine(processor, at: location + "/" + processorKey),
            maxConcurrency: try seconds(object, literal: "MaxConcurrency", path: "MaxConcurrencyPath", at: location) ?? .literal(0),
            distributed: try distributedMap(object, processor: processor, at: location, jsonata: jsonata),
            items: jsonata ? try template(object["Items"], at: location + "/Items") : nil,
            jsonataItemSelector: jsonata ? try template(object["ItemSelector"], at: location + "/ItemSelector") : nil
        )
    }

    func distributedMap(_ object: [String: JSONValue], processor: JSONValue, at location: String, jsonata: Bool) throws(ValidationProblem) -> DistributedMap? {
        let config = processor["ProcessorConfig"]
        guard config?["Mode"]?.stringValue == "DISTRIBUTED" else { return nil }
        var batcher: ItemBatcher?
        if let b = object["ItemBatcher"]?.objectValue {
            let here = location + "/ItemBatcher"
            batcher = ItemBatcher(maxItemsPerBatch: try seconds(b, literal: "MaxItemsPerBatch", path: "MaxItemsPerBatchPath", at: here),
                                  maxInputBytesPerBatch: try seconds(b, literal: "MaxInputBytesPerBatch", path: "MaxInputBytesPerBatchPath", at: here),
                                  batchInput: jsonata ? nil : b["BatchInput"],
                                  jsonataBatchInput: jsonata ? try template(b["BatchInput"], at: here + "/BatchInput") : nil)
        }
        return DistributedMap(
            executionType: config?["ExecutionType"]?.stringValue == "EXPRESS" ? .express : .standard,
            label: object["Label"]?.stringValue,
            toleratedFailureCount: try seconds(object, literal: "ToleratedFailureCount", path: "ToleratedFailureCountPath", at: location),
            toleratedFailurePercentage: try seconds(object, literal: "ToleratedFailurePercentage", path: "ToleratedFailurePercentagePath", at: location),
            itemBatcher: batcher,
            itemReader: try itemReader(object["ItemReader"], at: location + "/ItemReader", jsonata: jsonata),
            resultWriter: try resultWriter(object["ResultWriter"], at: location + "/ResultWriter", jsonata: jsonata)
        )
    }

    /// A ResultWriter as the validator accepts it: without WriterConfig, NONE as JSON.
    func resultWriter(_ json: JSONValue?, at location: String, jsonata: Bool) throws(ValidationProblem) -> ResultWriter? {
        guard let object = json?.objectValue else { return nil }
        let config = object["WriterConfig"]?.objectValue ?? [:]
        return ResultWriter(
            resource: object["Resource"]?.stringValue,
            parameters: jsonata ? nil : object["Parameters"],
            arguments: jsonata ? try template(object["Arguments"], at: location + "/Arguments") : nil,
            outputType: config["OutputType"]?.stringValue.flatMap(ResultWriter.OutputType.init(rawValue:)) ?? .json,
            transformation: config["Transformation"]?.stringValue.flatMap(ResultWriter.Transformation.init(rawValue:)) ?? .none
        )
    }

    func itemReader(_ json: JSONValue?, at location: String, jsonata: Bool) throws(ValidationProblem) -> ItemReader? {
        guard let object = json?.objectValue else { return nil }
        let config = object["ReaderConfig"]?.objectValue ?? [:]
        return ItemReader(
            resource: try string(object, "Resource", at: location),
            parameters: jsonata ? nil : object["Parameters"],
            arguments: jsonata ? try template(object["Arguments"], at: location + "/Arguments") : nil,
            inputType: config["InputType"]?.stringValue.flatMap(ItemReader.InputType.init(rawValue:)),
            csvHeaders: config["CSVHeaderLocation"]?.stringValue == "GIVEN" ? config["CSVHeaders"]?.arrayValue?.compactMap(\.stringValue) : nil,
            csvDelimiter: config["CSVDelimiter"]?.stringValue.flatMap(ItemReader.CSVDelimiter.init(rawValue:)) ?? .comma,
            maxItems: try seconds(config, literal: "MaxItems", path: "MaxItemsPath", at: location + "/ReaderConfig")
        )
    }

    func retry(_ json: JSONValue, at location: String) throws(ValidationProblem) -> RetryPolicy {
        guard let object = json.objectValue else { throw ValidationProblem(location: location, message: "a retrier must be an object") }
        return RetryPolicy(
            errorEquals: try stringArray(object, "ErrorEquals", at: location),
            intervalSeconds: object["IntervalSeconds"]?.numberValue ?? 1,
            maxAttempts: object["MaxAttempts"]?.intValue ?? 3,
            backoffRate: object["BackoffRate"]?.numberValue ?? 2,
            maxDelaySeconds: object["MaxDelaySeconds"]?.numberValue,
            jitter: object["JitterStrategy"]?.stringValue == "FULL" ? .full : .none
        )
    }

    func catcher(_ json: JSONValue, at location: String, jsonata: Bool) throws(ValidationProblem) -> Catcher {
        guard let object = json.objectValue else { throw ValidationProblem(location: location, message: "a catcher must be an object") }
        return Catcher(
            errorEquals: try stringArray(object, "ErrorEquals", at: location),
            next: try string(object, "Next", at: location),
            resultPath: pathSetting(object["ResultPath"]),
            assign: jsonata ? nil : object["Assign"],
            jsonata: jsonata ? try jsonataFields(object, at: location) : nil
        )
    }

    func choice(_ object: [String: JSONValue], at location: String, jsonata: Bool) throws(ValidationProblem) -> ChoiceState {
        guard let rules = object["Choices"]?.arrayValue else {
            throw ValidationProblem(location: location + "/Choices", message: "must be a non-empty array of rules")
        }
        var built: [ChoiceRule] = []
        for (i, rule) in rules.enumerated() {
            let ruleLocation = "\(location)/Choices/\(i)"
            guard let ruleObject = rule.objectValue else { throw ValidationProblem(location: ruleLocation, message: "a rule must be an object") }
            if jsonata {
                guard let condition = try template(ruleObject["Condition"], at: ruleLocation + "/Condition") else {
                    throw ValidationProblem(location: ruleLocation, message: "missing required field Condition")
                }
                built.append(ChoiceRule(condition: .jsonata(condition), next: try string(ruleObject, "Next", at: ruleLocation),
                                        jsonata: try jsonataFields(ruleObject, at: ruleLocation)))
            } else {
                built.append(ChoiceRule(condition: try condition(rule, at: ruleLocation), next: try string(ruleObject, "Next", at: ruleLocation),
                                        assign: ruleObject["Assign"]))
            }
        }
        return ChoiceState(rules: built, defaultNext: object["Default"]?.stringValue)
    }

    func condition(_ json: JSONValue, at location: String) throws(ValidationProblem) -> ChoiceCondition {
        guard let object = json.objectValue else { throw ValidationProblem(location: location, message: "a condition must be an object") }
        if let operands = object["And"]?.arrayValue {
            var built: [ChoiceCondition] = []
            for (i, c) in operands.enumerated() { built.append(try condition(c, at: "\(location)/And/\(i)")) }
            return .and(built)
        }
        if let operands = object["Or"]?.arrayValue {
            var built: [ChoiceCondition] = []
            for (i, c) in operands.enumerated() { built.append(try condition(c, at: "\(location)/Or/\(i)")) }
            return .or(built)
        }
        if let operand = object["Not"] { return .not(try condition(operand, at: location + "/Not")) }
        let variable = try string(object, "Variable", at: location)
        for comparator in Comparator.allCases {
            if let value = object[comparator.rawValue] { return .comparison(variable: variable, comparator: comparator, operand: .literal(value)) }
            if comparator.hasPathForm, let path = object[comparator.rawValue + "Path"]?.stringValue {
                return .comparison(variable: variable, comparator: comparator, operand: .path(path))
            }
        }
        throw ValidationProblem(location: location, message: "a rule needs a comparison operator, And, Or or Not")
    }

    func string(_ object: [String: JSONValue], _ key: String, at location: String) throws(ValidationProblem) -> String {
        guard let value = object[key] else { throw ValidationProblem(location: location, message: "missing required field \(key)") }
        guard let s = value.stringValue else { throw ValidationProblem(location: location + "/" + key, message: "must be a string, not \(value.typeName)") }
        return s
    }

    func stringArray(_ object: [String: JSONValue], _ key: String, at location: String) throws(ValidationProblem) -> [String] {
        guard let values = object[key]?.arrayValue else { throw ValidationProblem(location: location + "/" + key, message: "must be an array of strings") }
        var strings: [String] = []
        for value in values {
            guard let s = value.stringValue else { throw ValidationProblem(location: location + "/" + key, message: "must be an array of strings") }
            strings.append(s)
        }
        return strings
    }
}

/// Escapes a JSON Pointer segment (RFC 6901): `~` as `~0`, `/` as `~1`.
func escape(_ segment: String) -> String {
    segment.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}

extension StateDefinition {
    /// Every state this one can transition to: Next, Choice rules and Default, Catch targets.
    public var successors: [String] {
        var names: [String] = []
        if let next { names.append(next) }
        if case .choice(let choice) = kind {
            names.append(contentsOf: choice.rules.map(\.next))
            if let d = choice.defaultNext { names.append(d) }
        }
        names.append(contentsOf: catchers.map(\.next))
        return names
    }
}
