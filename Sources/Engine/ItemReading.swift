import ASL

/// A distributed Map's `ItemReader`: its S3 action is called like any task resource (the handler
/// registered for it, e.g. ``LocalS3``'s, or the Map state's mocked response), and the answer is
/// read as the ReaderConfig says: a JSON array, JSON lines, CSV rows, or the objects listed.
/// Anything that goes wrong fails the state with `States.ItemReaderFailed`.
extension Engine {
    func readItems(_ reader: ItemReader, state: StateDefinition, input: JSONValue, context: @escaping () -> JSONValue, run: MachineRun,
                   done: @escaping (Result<[JSONValue], StatesError>) -> Void) {
        let request: JSONValue
        let maxItems: SecondsSetting?
        do throws(StatesError) {
            if state.jsonata != nil {
                let scope = statesScope(input, run: run, context: context)
                request = try reader.arguments.map { a throws(StatesError) in try evaluate(a, field: "ItemReader/Arguments", scope: scope, run: run) } ?? .object([:])
                maxItems = try resolve(reader.maxItems, field: "ItemReader/ReaderConfig/MaxItems", minimum: 0, scope: scope, run: run)
            } else {
                request = try reader.parameters.map { p throws(StatesError) in
                    try evaluateTemplate(p, input: input, context: p.mentionsContextObject ? context() : .null, variables: run.variables)
                } ?? .object([:])
                maxItems = reader.maxItems
            }
        } catch {
            return done(.failure(error))
        }
        let limit: Int
        switch maxItems {
        case .literal(let n)?: limit = Int(n)
        case .path(let path)?:
            guard let n = (try? PathEvaluator.value(at: path, input: input, context: context(), variables: run.variables))?.intValue, n >= 0 else {
                return done(.failure(Self.readerFailure("The MaxItemsPath \(path) does not select a non-negative integer")))
            }
            limit = n
        case .expression?, nil: limit = 0
        }
        let answer: (Result<JSONValue, StatesError>) -> Void = { result in
            switch result {
            case .success(let value):
                done(Result { () throws(StatesError) in
                    let items = try Self.items(in: value, reader: reader)
                    return limit > 0 ? Array(items.prefix(limit)) : items
                })
            case .failure(let error):
                done(.failure(Self.readerFailure("\(error.error): \(error.cause)")))
            }
        }
        if let mocked = run.execution.mocks?.response(state: state.name, invocation: 0) {
            switch mocked {
            case .returns(let value): answer(.success(value))
            case .throwsError(let error): answer(.failure(error))
            }
            return
        }
        guard let handler = handlers.handler(forResource: reader.resource) else {
            return done(.failure(Self.readerFailure(
                "No local handler for \(reader.resource), which the ItemReader of \"\(state.name)\" calls (run with --s3-root DIR to read DIR/BUCKET/KEY)")))
        }
        let execution = run.execution
        handler(TaskInvocation(resource: reader.resource, input: request, stateName: state.name, executionArn: execution.arn,
                               executionName: execution.name, attempt: 0, taskToken: nil, scheduler: scheduler, completion: answer))
    }

    static func readerFailure(_ cause: String) -> StatesError { StatesError(StatesError.Name.itemReaderFailed, cause) }

    /// The items in an S3 action's answer: `Body` read as `InputType` (getObject), or
    /// `Contents` (listObjectsV2).
    static func items(in answer: JSONValue, reader: ItemReader) throws(StatesError) -> [JSONValue] {
        if reader.resource == ItemReader.listObjectsV2 {
            return answer["Contents"]?.arrayValue ?? []
        }
        guard let body = answer["Body"]?.stringValue else { throw readerFailure("The S3 object's answer has no Body text") }
        switch reader.inputType ?? .json {
        case .json:
            guard let parsed = try? JSONValue(parsing: body), let items = parsed.arrayValue else {
                throw readerFailure("The S3 object is not a JSON array")
            }
            return items
        case .jsonl:
            var items: [JSONValue] = []
            for (number, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let item = try? JSONValue(parsing: String(text)) else { throw readerFailure("Line \(number + 1) of the S3 object is not JSON") }
                items.append(item)
            }
            return items
        case .csv:
            var rows = CSV.rows(body, delimiter: reader.csvDelimiter.character)
            let headers: [String]
            if let given = reader.csvHeaders {
                headers = given
            } else {
                guard !rows.isEmpty else { return [] }
                headers = rows.removeFirst()
            }
            return try rows.enumerated().map { (index, row) throws(StatesError) -> JSONValue in
                guard row.count <= headers.count else {
                    throw readerFailure("Row \(index + 1) of the CSV object has \(row.count) fields, more than its \(headers.count) headers")
                }
                var object: [String: JSONValue] = [:]
                for (i, header) in headers.enumerated() { object[header] = .string(i < row.count ? row[i] : "") }
                return .object(object)
            }
        }
    }
}

/// RFC 4180 CSV: fields separated by the delimiter, rows by CRLF or LF, a quoted field may hold
/// the delimiter, line breaks and doubled quotes. A last empty line is no row.
enum CSV {
    static func rows(_ text: String, delimiter: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = iterator.next()
        func endRow() {
            row.append(field)
            field = ""
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
        }
        while let c = pending {
            pending = iterator.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" { field.append("\""); pending = iterator.next() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                endRow()
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { endRow() }
        return rows
    }
}
