import Foundation
import TestSupport
import Testing

/// Real AWS clients against the real server: each Python suite in `python/` starts
/// `pizzadash serve` on a free loopback port and drives the Step Functions API through boto3 or the
/// `aws` command line (installed by `scripts/test`), asserting AWS's shapes. Build first: the
/// suites run `.build/debug/pizzadash`.
@Suite(.serialized) struct AWSClientSuiteTests {
    static let directory = PizzadashBinary.packageRoot.appendingPathComponent("Tests/AWSClientTests/python").path

    /// Runs `python3 -m unittest MODULE -v`; on failure the whole unittest report is shown.
    func runSuite(_ module: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PIZZADASH_BINARY"] = PizzadashBinary.path
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-m", "unittest", module, "-v"], environment: environment,
                                          directory: Self.directory, timeout: 600)
        #expect(result.status == 0, "python3 -m unittest \(module) failed:\n\(result.stderr)\n\(result.stdout)")
        // unittest's summary: "Ran N tests" then "OK" (a suite that ran nothing fails here).
        #expect(result.stderr.contains("\nOK"), "\(module) did not pass:\n\(result.stderr)")
        #expect(!result.stderr.contains("Ran 0 tests"), "\(module) ran no test")
    }

    @Test func boto3DrivesEveryServedOperation() throws { try runSuite("test_boto3_api") }

    @Test func theAWSCommandLineWorks() throws { try runSuite("test_aws_cli") }

    @Test func signaturesAreCheckedWithAuth() throws { try runSuite("test_auth") }

    @Test func activityWorkersPollAndAnswer() throws { try runSuite("test_activities") }

    @Test func aStepFunctionsLocalSuiteRunsUnchanged() throws { try runSuite("test_step_functions_local_suite") }

    @Test func versionsAndAliasesAsAWSDocumentsThem() throws { try runSuite("test_versions_aliases") }

    @Test func testStateRunsOneStateAsAWSAnswersIt() throws { try runSuite("test_test_state") }

    @Test func nestedExecutionsRunTheirChildMachines() throws { try runSuite("test_nested_executions") }

    @Test func mapRunsAsAWSDocumentsThem() throws { try runSuite("test_map_runs") }

    @Test func stateIsKeptPerRegion() throws { try runSuite("test_regions") }

    /// `executions`, `history`, `graph --execution-arn` and `watch` with `--endpoint`, against
    /// `pizzadash serve --auth` and moto_server (installed by `scripts/install-missing test`).
    @Test func remoteCommandsOnServeAndMoto() throws { try runSuite("test_remote_commands") }
}
