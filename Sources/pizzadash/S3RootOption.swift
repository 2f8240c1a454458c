import ArgumentParser
import Foundation

/// `--s3-root DIR`: a folder standing in for S3, so that a distributed Map's ItemReader and
/// ResultWriter run with no AWS (`run`, `serve` and the dashboard take it alike).
struct S3RootOption: ParsableArguments {
    @Option(name: .customLong("s3-root"), help: "A folder standing in for S3: object s3://BUCKET/KEY is DIR/BUCKET/KEY (a distributed Map's ItemReader reads it, its ResultWriter writes it).")
    var s3Root: String?

    func validate() throws {
        guard let s3Root else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: s3Root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--s3-root must be a folder (its subfolders are the buckets), not \"\(s3Root)\"")
        }
    }
}
