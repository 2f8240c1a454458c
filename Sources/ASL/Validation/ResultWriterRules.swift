/// A distributed Map's `ResultWriter`, in the forms the developer guide lists (and the engine runs):
/// `WriterConfig` alone (the results, transformed, are the state's result), `Resource`
/// (`arn:aws:states:::s3:putObject`) with `Parameters` (JSONPath) or `Arguments` (JSONata) giving
/// `Bucket` and `Prefix`, or all of them.
extension ValidationRun {
    mutating func resultWriter(_ json: JSONValue, at location: String, language: QueryLanguage) {
        guard let object = json.objectValue else { return log.add(location, "must be an object, not \(json.typeName)") }
        let jsonata = language == .jsonata
        let argumentsKey = jsonata ? "Arguments" : "Parameters"
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case "Resource":
                if value != .string(ResultWriter.putObject) { log.add(here, "must be \"\(ResultWriter.putObject)\", not \(shown(value))") }
            case "Parameters" where !jsonata:
                log.check(value, is: .payloadObject, at: here)
                if let fields = value.objectValue { writerLocation(fields, at: here) }
            case "Arguments" where jsonata:
                log.check(value, is: .template, at: here)
                if let fields = value.objectValue { writerLocation(fields, at: here) }
            case "WriterConfig": writerConfig(value, at: here, exported: object["Resource"] != nil)
            case "Parameters", "Arguments":
                log.add(here, "field \"\(key)\" of a ResultWriter is for the \(key == "Parameters" ? "JSONPath" : "JSONata") query language; this state's is \(jsonata ? "JSONata" : "JSONPath") (use \"\(argumentsKey)\")")
            default: log.add(here, "unknown field \"\(key)\" of a ResultWriter")
            }
        }
        let hasResource = object["Resource"] != nil, hasLocation = object[argumentsKey] != nil
        if !hasResource, !hasLocation, object["WriterConfig"] == nil {
            log.add(location, "must have \"WriterConfig\", or \"Resource\" and \"\(argumentsKey)\" (the S3 bucket and prefix), or all three")
        } else if hasResource, !hasLocation {
            log.add(location, "\"Resource\" needs \"\(argumentsKey)\" with the \"Bucket\" (and \"Prefix\") to write to")
        } else if !hasResource, hasLocation {
            log.add(location, "\"\(argumentsKey)\" needs \"Resource\": \"\(ResultWriter.putObject)\"")
        }
    }

    /// `Bucket` (required) and `Prefix`, each a string or (JSONPath) a `.$` path.
    private mutating func writerLocation(_ fields: [String: JSONValue], at location: String) {
        for key in fields.keys.sorted() where !["Bucket", "Bucket.$", "Prefix", "Prefix.$"].contains(key) {
            log.add(pointer(location, key), "unknown field \"\(key)\"; a ResultWriter takes \"Bucket\" and \"Prefix\"")
        }
        for name in ["Bucket", "Prefix"] {
            if let value = fields[name], value.stringValue == nil { log.add(pointer(location, name), "must be a string, not \(value.typeName)") }
        }
        if fields["Bucket"] == nil, fields["Bucket.$"] == nil { log.add(location, "missing required field \"Bucket\"") }
    }

    /// `OutputType` (JSON, JSONL) and `Transformation` (NONE, COMPACT, FLATTEN), both required.
    /// JSON lines are a file format: without Resource the results are the state's result, a JSON array.
    private mutating func writerConfig(_ json: JSONValue, at location: String, exported: Bool) {
        guard let object = json.objectValue else { return log.add(location, "must be an object, not \(json.typeName)") }
        for key in object.keys.sorted() {
            let here = pointer(location, key), value = object[key]!
            switch key {
            case "OutputType":
                if value.stringValue.flatMap(ResultWriter.OutputType.init(rawValue:)) == nil {
                    log.add(here, "must be one of \(quotedList(ResultWriter.OutputType.allCases.map(\.rawValue))), not \(shown(value))")
                } else if value == "JSONL", !exported {
                    log.add(here, "\"JSONL\" formats the files written to S3; without \"Resource\" the results are the state's result, use \"JSON\"")
                }
            case "Transformation":
                if value.stringValue.flatMap(ResultWriter.Transformation.init(rawValue:)) == nil {
                    log.add(here, "must be one of \(quotedList(ResultWriter.Transformation.allCases.map(\.rawValue))), not \(shown(value))")
                }
            default: log.add(here, "unknown field \"\(key)\" of a WriterConfig")
            }
        }
        for key in ["OutputType", "Transformation"] where object[key] == nil { log.add(location, "missing required field \"\(key)\"") }
    }
}
