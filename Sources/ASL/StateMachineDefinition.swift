/// A parsed Amazon States Language definition (JSONPath and JSONata query languages).
///
/// Build one with ``StateMachineDefinition/load(json:)``, which validates first and reports
/// every problem with its JSON location. The same type describes a Parallel branch and a Map
/// item processor: both are a `StartAt` plus `States`.
public struct StateMachineDefinition: Sendable, Equatable {
    public var comment: String?
    public var startAt: String
    /// The states by name.
    public var states: [String: StateDefinition]
    /// State names in the order the document lists them (dictionary order is not kept by JSON
    /// objects, so this is the order of first appearance of each state by traversal from StartAt).
    public var stateNames: [String]
    public var timeoutSeconds: Double?
    public var version: String?
    /// The top-level `QueryLanguage`: the language of every state that does not name its own.
    public var queryLanguage: QueryLanguage

    public init(comment: String? = nil, startAt: String, states: [String: StateDefinition], stateNames: [String], timeoutSeconds: Double? = nil,
                version: String? = nil, queryLanguage: QueryLanguage = .jsonPath) {
        self.comment = comment
        self.startAt = startAt
        self.states = states
        self.stateNames = stateNames
        self.timeoutSeconds = timeoutSeconds
        self.version = version
        self.queryLanguage = queryLanguage
    }
}

/// How a state selects and transforms its data: `JSONPath` (the default: InputPath, Parameters,
/// ResultSelector, ResultPath, OutputPath) or `JSONata` (Arguments, Output, `{% %}` expressions).
public enum QueryLanguage: String, Sendable, Equatable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}

/// The data fields of a JSONata state, catcher or Choice rule, parsed once with the definition.
public struct JSONataFields: Sendable, Equatable {
    /// `Arguments` (Task, Parallel): the task's or branches' input.
    public var arguments: JSONataTemplate?
    /// `Output`: the state's output (default: its result, or its input where it has none).
    public var output: JSONataTemplate?
    /// `Assign`: an object of variable names and their values.
    public var assign: JSONataTemplate?

    public init(arguments: JSONataTemplate? = nil, output: JSONataTemplate? = nil, assign: JSONataTemplate? = nil) {
        self.arguments = arguments
        self.output = output
        self.assign = assign
    }
}

/// Where InputPath, OutputPath and ResultPath point: a path, or JSON `null` (discard).
public enum PathSetting: Sendable, Equatable {
    case path(String)
    case discard

    public static let root = PathSetting.path("$")
}

/// One state of a definition: the fields every type shares plus its type-specific part.
///
/// A value, stored in one shared box: the engine copies states into every closure of a running
/// state, and a copy is then one reference count instead of one per field (the copies were 8%
/// of a two-state machine's time). Changing a field of a shared box copies the box first.
public struct StateDefinition: Sendable, Equatable {
    public var name: String { get { storage.fields.name } set { self[\.name] = newValue } }
    public var kind: StateKind { get { storage.fields.kind } set { self[\.kind] = newValue } }
    public var comment: String? { get { storage.fields.comment } set { self[\.comment] = newValue } }
    public var next: String? { get { storage.fields.next } set { self[\.next] = newValue } }
    public var end: Bool { get { storage.fields.end } set { self[\.end] = newValue } }
    public var inputPath: PathSetting { get { storage.fields.inputPath } set { self[\.inputPath] = newValue } }
    public var outputPath: PathSetting { get { storage.fields.outputPath } set { self[\.outputPath] = newValue } }
    public var resultPath: PathSetting { get { storage.fields.resultPath } set { self[\.resultPath] = newValue } }
    /// `Parameters` (Pass, Task, Parallel; legacy Map item template is in ``MapState``).
    public var parameters: JSONValue? { get { storage.fields.parameters } set { self[\.parameters] = newValue } }
    public var resultSelector: JSONValue? { get { storage.fields.resultSelector } set { self[\.resultSelector] = newValue } }
    public var retry: [RetryPolicy] { get { storage.fields.retry } set { self[\.retry] = newValue } }
    public var catchers: [Catcher] { get { storage.fields.catchers } set { self[\.catchers] = newValue } }
    /// `Assign`: workflow variables set when the state ends (a payload template, JSONPath).
    public var assign: JSONValue? { get { storage.fields.assign } set { self[\.assign] = newValue } }
    /// The state's fields when its query language is JSONata (nil for a JSONPath state, whose
    /// data fields are the ones above).
    public var jsonata: JSONataFields? { get { storage.fields.jsonata } set { self[\.jsonata] = newValue } }
    public var queryLanguage: QueryLanguage { jsonata == nil ? .jsonPath : .jsonata }

    /// Whether `Parameters` reads the context object `$$` (known once, not per run of the state).
    public var parametersReadContext: Bool { storage.parametersReadContext }
    /// Whether `ResultSelector` reads the context object `$$`.
    public var resultSelectorReadsContext: Bool { storage.resultSelectorReadsContext }

    private var storage: StateStorage

    public init(name: String, kind: StateKind, comment: String? = nil, next: String? = nil, end: Bool = false,
                inputPath: PathSetting = .root, outputPath: PathSetting = .root, resultPath: PathSetting = .root,
                parameters: JSONValue? = nil, resultSelector: JSONValue? = nil, retry: [RetryPolicy] = [], catchers: [Catcher] = [],
                assign: JSONValue? = nil, jsonata: JSONataFields? = nil, source: JSONValue? = nil) {
        storage = StateStorage(StateFields(name: name, kind: kind, comment: comment, next: next, end: end, inputPath: inputPath,
                                           outputPath: outputPath, resultPath: resultPath, parameters: parameters,
                                           resultSelector: resultSelector, retry: retry, catchers: catchers, assign: assign, jsonata: jsonata))
        storage.source = source
    }

    /// The JSON the state was decoded from, as its definition wrote it (nil for a state built
    /// in code): what the dashboard shows as the state's definition. Not part of equality.
    public var source: JSONValue? { storage.source }

    /// The state's `Type` as written in ASL.
    public var typeName: String { kind.typeName }

    public static func == (a: StateDefinition, b: StateDefinition) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    /// Changes one field, copying the box first when it is shared.
    private subscript<T>(field: WritableKeyPath<StateFields, T>) -> T {
        get { storage.fields[keyPath: field] }
        set {
            if !isKnownUniquelyReferenced(&storage) {
                let source = storage.source
                storage = StateStorage(storage.fields)
                storage.source = source
            }
            storage.fields[keyPath: field] = newValue
        }
    }
}

/// The fields of a ``StateDefinition``.
private struct StateFields: Sendable, Equatable {
    var name: String
    var kind: StateKind
    var comment: String?
    var next: String?
    var end: Bool
    var inputPath: PathSetting
    var outputPath: PathSetting
    var resultPath: PathSetting
    var parameters: JSONValue?
    var resultSelector: JSONValue?
    var retry: [RetryPolicy]
    var catchers: [Catcher]
    var assign: JSONValue?
    var jsonata: JSONataFields?
}

/// The box a ``StateDefinition`` and its copies share; only a uniquely held box is changed in place.
private final class StateStorage: @unchecked Sendable {
    var fields: StateFields {
        didSet { readsOfContext = Self.readsOfContext(fields) }
    }
    /// Kept as it was when the box is copied for a change of a field.
    var source: JSONValue?
    private var readsOfContext: (parameters: Bool, resultSelector: Bool)
    var parametersReadContext: Bool { readsOfContext.parameters }
    var resultSelectorReadsContext: Bool { readsOfContext.resultSelector }

    init(_ fields: StateFields) {
        self.fields = fields
        readsOfContext = Self.readsOfContext(fields)
    }

    private static func readsOfContext(_ fields: StateFields) -> (parameters: Bool, resultSelector: Bool) {
        (fields.parameters?.mentionsContextObject ?? false, fields.resultSelector?.mentionsContextObject ?? false)
    }
}

/// The type-specific part of a state.
public enum StateKind: Sendable, Equatable {
    case pass(result: JSONValue?)
    case task(TaskState)
    case choice(ChoiceState)
    case wait(WaitState)
    case succeed
    case fail(FailState)
    case parallel(branches: [StateMachineDefinition])
    case map(MapState)

    public var typeName: String {
        switch self {
        case .pass: return "Pass"
        case .task: return "Task"
        case .choice: return "Choice"
        case .wait: return "Wait"
        case .succeed: return "Succeed"
        case .fail: return "Fail"
        case .parallel: return "Parallel"
        case .map: return "Map"
        }
    }
}

/// A number given literally, read from the input by a reference path (JSONPath `...Path`
/// fields), or computed by a JSONata expression (`"{% ... %}"`).
public enum SecondsSetting: Sendable, Equatable {
    case literal(Double)
    case path(String)
    case expression(JSONataTemplate)
}

public struct TaskState: Sendable, Equatable {
    public var resource: String
    public var timeout: SecondsSetting?
    public var heartbeat: SecondsSetting?

    public init(resource: String, timeout: SecondsSetting? = nil, heartbeat: SecondsSetting? = nil) {
        self.resource = resource
        self.timeout = timeout
        self.heartbeat = heartbeat
    }
}

public struct WaitState: Sendable, Equatable {
    public enum Duration: Sendable, Equatable {
        case seconds(Double)
        case secondsPath(String)
        case timestamp(String)
        case timestampPath(String)
        /// JSONata: `Seconds` as an expression.
        case secondsExpression(JSONataTemplate)
        /// JSONata: `Timestamp` as an expression.
        case timestampExpression(JSONataTemplate)
    }
    public var duration: Duration

    public init(duration: Duration) { self.duration = duration }
}

public struct FailState: Sendable, Equatable {
    public var error: String?
    public var errorPath: String?
    public var cause: String?
    public var causePath: String?
    /// JSONata: `Error` and `Cause` as expressions.
    public var errorExpression: JSONataTemplate?
    public var causeExpression: JSONataTemplate?

    public init(error: String? = nil, errorPath: String? = nil, cause: String? = nil, causePath: String? = nil,
                errorExpression: JSONataTemplate? = nil, causeExpression: JSONataTemplate? = nil) {
        self.error = error
        self.errorPath = errorPath
        self.cause = cause
        self.causePath = causePath
        self.errorExpression = errorExpression
        self.causeExpression = causeExpression
    }
}

public struct MapState: Sendable, Equatable {
    public var itemsPath: String
    /// `ItemSelector`, or the legacy `Parameters` of a Map state.
    public var itemSelector: JSONValue?
    /// `ItemProcessor`, or the legacy `Iterator`.
    public var itemProcessor: StateMachineDefinition
    /// 0 means no limit.
    public var maxConcurrency: SecondsSetting
    /// Set for `ProcessorConfig.Mode: DISTRIBUTED`: each item (or batch) runs as a child execution.
    public var distributed: DistributedMap?
    /// JSONata: `Items` (an array, or an expression giving one; nil: the state's input).
    public var items: JSONataTemplate?
    /// JSONata: `ItemSelector`, with `$states.context.Map.Item` set for each item.
    public var jsonataItemSelector: JSONataTemplate?

    public init(itemsPath: String = "$", itemSelector: JSONValue? = nil, itemProcessor: StateMachineDefinition,
                maxConcurrency: SecondsSetting = .literal(0), distributed: DistributedMap? = nil,
                items: JSONataTemplate? = nil, jsonataItemSelector: JSONataTemplate? = nil) {
        self.itemsPath = itemsPath
        self.itemSelector = itemSelector
        self.itemProcessor = itemProcessor
        self.maxConcurrency = maxConcurrency
        self.distributed = distributed
        self.items = items
        self.jsonataItemSelector = jsonataItemSelector
    }
}

/// A state machine's type: STANDARD (durable, up to a year) or EXPRESS (up to five minutes).
public enum StateMachineType: String, Sendable, CaseIterable {
    case standard = "STANDARD"
    case express = "EXPRESS"
}

/// What a distributed Map adds to an inline one.
public struct DistributedMap: Sendable, Equatable {
    public typealias ExecutionType = StateMachineType
    public var executionType: ExecutionType
    /// `Label`: names the Map Run and its child executions (the state's name when absent).
    public var label: String?
    /// `ToleratedFailureCount` / `...Path`: how many child executions may fail (default 0).
    public var toleratedFailureCount: SecondsSetting?
    /// `ToleratedFailurePercentage` / `...Path`: which percentage of them may fail (default 0).
    public var toleratedFailurePercentage: SecondsSetting?
    public var itemBatcher: ItemBatcher?
    /// `ItemReader`: the items come from an S3 object (or listing) instead of the state's input.
    public var itemReader: ItemReader?
    /// `ResultWriter`: the children's results written to S3 and/or transformed (`WriterConfig`).
    public var resultWriter: ResultWriter?

    public init(executionType: ExecutionType = .standard, label: String? = nil, toleratedFailureCount: SecondsSetting? = nil,
                toleratedFailurePercentage: SecondsSetting? = nil, itemBatcher: ItemBatcher? = nil, itemReader: ItemReader? = nil,
                resultWriter: ResultWriter? = nil) {
        self.itemReader = itemReader
        self.resultWriter = resultWriter
        self.executionType = executionType
        self.label = label
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.itemBatcher = itemBatcher
    }
}

/// `ItemReader`: where a distributed Map's items come from. `Resource` is the S3 action
/// (`arn:aws:states:::s3:getObject` for one object's items, `...:s3:listObjectsV2` for the
/// objects under a prefix), called like any task resource (a local handler, e.g. `--s3-root`).
public struct ItemReader: Sendable, Equatable {
    public static let getObject = "arn:aws:states:::s3:getObject"
    public static let listObjectsV2 = "arn:aws:states:::s3:listObjectsV2"

    /// `ReaderConfig.InputType`: how an object's text holds its items.
    public enum InputType: String, Sendable, CaseIterable { case json = "JSON", jsonl = "JSONL", csv = "CSV" }
    /// `ReaderConfig.CSVDelimiter`.
    public enum CSVDelimiter: String, Sendable, CaseIterable {
        case comma = "COMMA", pipe = "PIPE", semicolon = "SEMICOLON", space = "SPACE", tab = "TAB"
        public var character: Character {
            switch self {
            case .comma: return ","
            case .pipe: return "|"
            case .semicolon: return ";"
            case .space: return " "
            case .tab: return "\t"
            }
        }
    }

    public var resource: String
    /// `Parameters` (JSONPath payload template): Bucket and Key, or Bucket and Prefix.
    public var parameters: JSONValue?
    /// `Arguments` (JSONata).
    public var arguments: JSONataTemplate?
    public var inputType: InputType?
    /// CSV headers given in `CSVHeaders` (`CSVHeaderLocation: GIVEN`); nil: the first row.
    public var csvHeaders: [String]?
    public var csvDelimiter: CSVDelimiter
    /// `MaxItems` / `MaxItemsPath`: read at most this many items (0 or absent: all).
    public var maxItems: SecondsSetting?

    public init(resource: String, parameters: JSONValue? = nil, arguments: JSONataTemplate? = nil, inputType: InputType? = nil,
                csvHeaders: [String]? = nil, csvDelimiter: CSVDelimiter = .comma, maxItems: SecondsSetting? = nil) {
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.inputType = inputType
        self.csvHeaders = csvHeaders
        self.csvDelimiter = csvDelimiter
        self.maxItems = maxItems
    }
}

/// `ResultWriter`: what a distributed Map does with its child executions' results. With
/// `Resource` (`arn:aws:states:::s3:putObject`) and `Parameters`/`Arguments` (`Bucket`, `Prefix`)
/// they are written to S3 under `PREFIX/MAP_RUN_ID/` (a `manifest.json` and `SUCCEEDED_n`,
/// `FAILED_n`, `PENDING_n` files) and the state's result is where; with only `WriterConfig` they
/// are the state's result, transformed.
public struct ResultWriter: Sendable, Equatable {
    public static let putObject = "arn:aws:states:::s3:putObject"

    /// `WriterConfig.OutputType`: a JSON array per file, or JSON lines.
    public enum OutputType: String, Sendable, CaseIterable { case json = "JSON", jsonl = "JSONL" }
    /// `WriterConfig.Transformation`: each succeeded child as its execution's metadata with its
    /// output as text (NONE), as its output (COMPACT), or its output's elements when an array (FLATTEN).
    public enum Transformation: String, Sendable, CaseIterable { case none = "NONE", compact = "COMPACT", flatten = "FLATTEN" }

    /// The S3 action; nil: the results are the state's result (`WriterConfig` alone).
    public var resource: String?
    /// `Parameters` (JSONPath payload template): Bucket and Prefix.
    public var parameters: JSONValue?
    /// `Arguments` (JSONata).
    public var arguments: JSONataTemplate?
    public var outputType: OutputType
    public var transformation: Transformation

    public init(resource: String? = nil, parameters: JSONValue? = nil, arguments: JSONataTemplate? = nil,
                outputType: OutputType = .json, transformation: Transformation = .none) {
        self.resource = resource
        self.parameters = parameters
        self.arguments = arguments
        self.outputType = outputType
        self.transformation = transformation
    }
}

/// `ItemBatcher`: items go to child executions in batches, as `{"Items": [...]}` plus `BatchInput`.
public struct ItemBatcher: Sendable, Equatable {
    public var maxItemsPerBatch: SecondsSetting?
    public var maxInputBytesPerBatch: SecondsSetting?
    /// A payload template (JSONPath) merged into every batch's input.
    public var batchInput: JSONValue?
    /// JSONata: `BatchInput` with expressions.
    public var jsonataBatchInput: JSONataTemplate?

    public init(maxItemsPerBatch: SecondsSetting? = nil, maxInputBytesPerBatch: SecondsSetting? = nil, batchInput: JSONValue? = nil,
                jsonataBatchInput: JSONataTemplate? = nil) {
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.batchInput = batchInput
        self.jsonataBatchInput = jsonataBatchInput
    }
}

/// A `Retry` entry. Defaults are AWS's: 1 s interval, 3 attempts, backoff 2.
public struct RetryPolicy: Sendable, Equatable {
    public enum Jitter: String, Sendable, Equatable { case full = "FULL", none = "NONE" }
    public var errorEquals: [String]
    public var intervalSeconds: Double
    public var maxAttempts: Int
    public var backoffRate: Double
    public var maxDelaySeconds: Double?
    public var jitter: Jitter

    public init(errorEquals: [String], intervalSeconds: Double = 1, maxAttempts: Int = 3, backoffRate: Double = 2,
                maxDelaySeconds: Double? = nil, jitter: Jitter = .none) {
        self.errorEquals = errorEquals
        self.intervalSeconds = intervalSeconds
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelaySeconds = maxDelaySeconds
        self.jitter = jitter
    }
}

/// A `Catch` entry.
public struct Catcher: Sendable, Equatable {
    public var errorEquals: [String]
    public var next: String
    public var resultPath: PathSetting
    /// `Assign`: variables set from the error output when this catcher applies.
    public var assign: JSONValue?
    /// JSONata: the catcher's `Output` and `Assign` (with `$states.errorOutput`).
    public var jsonata: JSONataFields?

    public init(errorEquals: [String], next: String, resultPath: PathSetting = .root, assign: JSONValue? = nil, jsonata: JSONataFields? = nil) {
        self.errorEquals = errorEquals
        self.next = next
        self.resultPath = resultPath
        self.assign = assign
        self.jsonata = jsonata
    }
}

/// A Choice state: its rules in order, and the optional Default.
public struct ChoiceState: Sendable, Equatable {
    public var rules: [ChoiceRule]
    public var defaultNext: String?

    public init(rules: [ChoiceRule], defaultNext: String? = nil) {
        self.rules = rules
        self.defaultNext = defaultNext
    }
}

public struct ChoiceRule: Sendable, Equatable {
    public var condition: ChoiceCondition
    public var next: String
    /// `Assign`: variables set when this rule is the one taken.
    public var assign: JSONValue?
    /// JSONata: the rule's `Output` and `Assign`.
    public var jsonata: JSONataFields?

    public init(condition: ChoiceCondition, next: String, assign: JSONValue? = nil, jsonata: JSONataFields? = nil) {
        self.condition = condition
        self.next = next
        self.assign = assign
        self.jsonata = jsonata
    }
}

/// A boolean expression of a Choice rule.
public indirect enum ChoiceCondition: Sendable, Equatable {
    case and([ChoiceCondition])
    case or([ChoiceCondition])
    case not(ChoiceCondition)
    case comparison(variable: String, comparator: Comparator, operand: ComparisonOperand)
    /// JSONata: `Condition`, an expression that must give a boolean.
    case jsonata(JSONataTemplate)
}

/// The right-hand side of a comparison: a literal, or a path into the input (the `...Path` forms).
public enum ComparisonOperand: Sendable, Equatable {
    case literal(JSONValue)
    case path(String)
}

/// Every data-test comparator of a Choice rule (without the `Path` suffix, which is the operand's).
public enum Comparator: String, Sendable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringLessThan = "StringLessThan"
    case stringGreaterThan = "StringGreaterThan"
    case stringLessThanEquals = "StringLessThanEquals"
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    case stringMatches = "StringMatches"
    case numericEquals = "NumericEquals"
    case numericLessThan = "NumericLessThan"
    case numericGreaterThan = "NumericGreaterThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case booleanEquals = "BooleanEquals"
    case timestampEquals = "TimestampEquals"
    case timestampLessThan = "TimestampLessThan"
    case timestampGreaterThan = "TimestampGreaterThan"
    case timestampLessThanEquals = "TimestampLessThanEquals"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case isNull = "IsNull"
    case isPresent = "IsPresent"
    case isNumeric = "IsNumeric"
    case isString = "IsString"
    case isBoolean = "IsBoolean"
    case isTimestamp = "IsTimestamp"

    /// Whether the comparator has a `...Path` form.
    public var hasPathForm: Bool {
        switch self {
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: return false
        default: return true
        }
    }

    /// The JSON type the comparator's literal operand must have.
    public var operandType: String {
        switch self {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals,
             .stringMatches, .timestampEquals, .timestampLessThan, .timestampGreaterThan,
             .timestampLessThanEquals, .timestampGreaterThanEquals:
            return "string"
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            return "number"
        case .booleanEquals, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp:
            return "boolean"
        }
    }
}
