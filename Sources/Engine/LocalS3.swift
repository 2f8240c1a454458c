import ASL
import Digest
import Foundation

/// S3 on the local disk (`--s3-root DIR`): object `s3://BUCKET/KEY` is the file `DIR/BUCKET/KEY`.
/// It answers the S3 actions a distributed Map's ItemReader calls, `s3:getObject` (the object's
/// text as `Body`) and `s3:listObjectsV2` (the objects under a prefix, as S3 lists them), and the
/// one its ResultWriter calls, `s3:putObject` (writes `Body` to the file, making the key's folders;
/// the bucket's folder must exist), with S3's error names when an object or bucket is missing.
/// Nothing outside DIR can be read or written.
public struct LocalS3: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public func install(on engine: Engine) {
        let s3 = self
        engine.handlers.registerResource(ItemReader.getObject) { invocation in
            switch s3.getObject(invocation.input) {
            case .success(let answer): invocation.succeed(answer)
            case .failure(let error): invocation.fail(error: error.error, cause: error.cause)
            }
        }
        engine.handlers.registerResource(ItemReader.listObjectsV2) { invocation in
            switch s3.listObjects(invocation.input) {
            case .success(let answer): invocation.succeed(answer)
            case .failure(let error): invocation.fail(error: error.error, cause: error.cause)
            }
        }
        engine.handlers.registerResource(ResultWriter.putObject) { invocation in
            switch s3.putObject(invocation.input) {
            case .success(let answer): invocation.succeed(answer)
            case .failure(let error): invocation.fail(error: error.error, cause: error.cause)
            }
        }
    }

    /// PutObject: writes `Body` (text) as the object `Bucket`/`Key`; answers its `ETag`.
    func putObject(_ request: JSONValue) -> Result<JSONValue, StatesError> {
        guard let bucket = request["Bucket"]?.stringValue, let key = request["Key"]?.stringValue, let body = request["Body"]?.stringValue else {
            return .failure(StatesError("S3.InvalidRequest", "PutObject needs a Bucket, a Key and a Body, not \(request.serialized())"))
        }
        guard !key.isEmpty, !key.hasSuffix("/"), let file = location(bucket, key), let directory = location(bucket, ""), file != directory else {
            return .failure(StatesError("S3.InvalidRequest", "The key \"\(key)\" is not an object's key in the bucket"))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure(StatesError("S3.NoSuchBucketException", "The specified bucket does not exist: \(bucket) (no folder \(directory.path))"))
        }
        let data = Data(body.utf8)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        } catch {
            return .failure(StatesError("S3.InternalError", "s3://\(bucket)/\(key) could not be written to \(file.path): \(error.localizedDescription)"))
        }
        return .success(["ETag": .string(Self.etag(data))])
    }

    /// GetObject: `{"Body": text}` of the object `Bucket`/`Key`.
    func getObject(_ request: JSONValue) -> Result<JSONValue, StatesError> {
        guard let bucket = request["Bucket"]?.stringValue, let key = request["Key"]?.stringValue else {
            return .failure(StatesError("S3.InvalidRequest", "GetObject needs a Bucket and a Key, not \(request.serialized())"))
        }
        guard let file = location(bucket, key) else { return .failure(StatesError("S3.InvalidRequest", "The key \"\(key)\" leaves the bucket")) }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return .failure(StatesError("S3.NoSuchKeyException", "The specified key does not exist: s3://\(bucket)/\(key) (no file \(file.path))"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(StatesError("S3.InvalidObjectState", "s3://\(bucket)/\(key) is not UTF-8 text"))
        }
        return .success(["Body": .string(text), "ContentLength": .number(Double(data.count)), "ETag": .string(Self.etag(data))])
    }

    /// ListObjectsV2: `{"Contents": [{Key, Size, ETag, LastModified, StorageClass}]}` of the
    /// bucket's objects whose key starts with `Prefix`, in key order.
    func listObjects(_ request: JSONValue) -> Result<JSONValue, StatesError> {
        guard let bucket = request["Bucket"]?.stringValue else {
            return .failure(StatesError("S3.InvalidRequest", "ListObjectsV2 needs a Bucket, not \(request.serialized())"))
        }
        let prefix = request["Prefix"]?.stringValue ?? ""
        guard let directory = location(bucket, ""), FileManager.default.fileExists(atPath: directory.path) else {
            return .failure(StatesError("S3.NoSuchBucketException", "The specified bucket does not exist: \(bucket)"))
        }
        var contents: [(key: String, entry: JSONValue)] = []
        let base = directory.path.hasSuffix("/") ? directory.path : directory.path + "/"
        let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey])
        while let url = walker?.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey])
            guard values?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base) else { continue }
            let key = String(path.dropFirst(base.count))
            guard key.hasPrefix(prefix) else { continue }
            let data = FileManager.default.contents(atPath: path) ?? Data()
            let modified = values?.contentModificationDate?.timeIntervalSince1970 ?? 0
            contents.append((key, ["Key": .string(key), "Size": .number(Double(values?.fileSize ?? data.count)), "ETag": .string(Self.etag(data)),
                                   "LastModified": .string(Timestamp.format(modified)), "StorageClass": "STANDARD"]))
        }
        return .success(["Contents": .array(contents.sorted { $0.key < $1.key }.map(\.entry)), "KeyCount": .number(Double(contents.count))])
    }

    /// The file for a bucket and key, nil when the key would lead outside the bucket.
    private func location(_ bucket: String, _ key: String) -> URL? {
        guard !bucket.isEmpty, !bucket.contains("/"), bucket != "..", bucket != "." else { return nil }
        let bucketDirectory = root.appendingPathComponent(bucket).standardizedFileURL
        let file = key.isEmpty ? bucketDirectory : bucketDirectory.appendingPathComponent(key).standardizedFileURL
        guard file.path == bucketDirectory.path || file.path.hasPrefix(bucketDirectory.path + "/") else { return nil }
        return file
    }

    /// S3's ETag of a single-part object: its MD5 in hex, quoted.
    static func etag(_ data: Data) -> String { "\"" + Digest.hex(Digest.hash(Array(data), .md5)) + "\"" }
}
