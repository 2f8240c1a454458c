import Foundation
import Testing
import TestSupport

/// Issue #16's check, as a user runs it: `pizzadash serve --auth`, an execution started there
/// through boto3, and the real binary's dashboard in tmux with `--endpoint` showing it lit on
/// its graph, the header naming the endpoint and region; a wrong secret is one line on screen.
@Suite(.serialized) struct RemoteDashboardTmuxTests {
    static let definition = #"""
        {"StartAt": "Greet", "States": {
          "Greet": {"Type": "Pass", "Result": "hello", "Next": "Check"},
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "StringEquals": "hello", "Next": "Done"}], "Default": "Odd"},
          "Odd": {"Type": "Fail", "Error": "Odd"},
          "Done": {"Type": "Succeed"}}}
        """#

    /// Creates the machine and starts one execution with boto3 (installed by scripts/test).
    static func startWithBoto3(_ url: URL) throws {
        let script = """
            import boto3, sys
            sfn = boto3.client("stepfunctions", endpoint_url=sys.argv[1], region_name="eu-west-1",
                               aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            arn = sfn.create_state_machine(name="remote-greeter", definition=sys.argv[4],
                                           roleArn="arn:aws:iam::123456789012:role/Tmux")["stateMachineArn"]
            sfn.start_execution(stateMachineArn=arn, name="from-boto3")
            """
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, url.absoluteString, ServeProcess.key, ServeProcess.secret, definition],
                                          timeout: 120)
        #expect(result.status == 0, "boto3 could not start the execution: \(result.stderr)")
    }

    @Test func anExecutionStartedThroughBoto3LightsUpInTheDashboard() throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        try Self.startWithBoto3(server.url)
        let environment = ["AWS_ACCESS_KEY_ID": ServeProcess.key, "AWS_SECRET_ACCESS_KEY": ServeProcess.secret]
        let tmux = try Tmux(width: 160, height: 50, command: "\(PizzadashBinary.path) --endpoint \(server.url.absoluteString) --region eu-west-1",
                            environment: environment)
        defer { tmux.kill() }
        // The list's status comes first; the history (and so the graph's colours) right after it.
        let screen = try tmux.waitFor(what: "the execution lit on the graph") { $0.contains("✓ SUCCEEDED") && $0.contains("✓ Done") }
        #expect(screen.contains("PizzaDash — \(server.url.absoluteString) (eu-west-1)"), "the header names the endpoint:\n\(screen)")
        #expect(screen.contains("from-b") && screen.contains("remote-greeter"), "the list shows the execution:\n\(screen)")
        for state in ["✓ Greet", "✓ Check", "✓ Done", "· Odd"] { #expect(screen.contains(state), "the graph shows \(state):\n\(screen)") }
        tmux.send("q")
        try tmux.waitForExit()
    }

    @Test func aWrongSecretIsOneLineAndTheDashboardKeepsRunning() throws {
        let server = try ServeProcess.start()
        defer { server.stop() }
        let environment = ["AWS_ACCESS_KEY_ID": ServeProcess.key, "AWS_SECRET_ACCESS_KEY": "not-the-secret"]
        let tmux = try Tmux(width: 120, height: 40, command: "\(PizzadashBinary.path) --endpoint \(server.url.absoluteString) --region eu-west-1",
                            environment: environment)
        defer { tmux.kill() }
        let screen = try tmux.waitFor("InvalidSignatureException")
        #expect(screen.contains("PizzaDash — \(server.url.absoluteString)"))
        tmux.send("q")
        try tmux.waitForExit()
    }
}
