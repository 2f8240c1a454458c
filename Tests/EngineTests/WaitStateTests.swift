import Testing
@testable import Engine
import ASL

/// Wait states in virtual time: the exit event's timestamp is the moment the wait ends.
@Suite struct WaitStateTests {
    @Test func secondsWaitsThatLong() throws {
        let (execution, history) = try run(single("\"Type\": \"Wait\", \"Seconds\": 10"), input: ["a": 1])
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["a": 1])
        #expect(offsets(history, .waitStateEntered) == [0])
        #expect(offsets(history, .waitStateExited) == [10])
        #expect(execution.stopDate == testStartTime + 10)
    }

    @Test func secondsPathReadsTheInput() throws {
        let (_, history) = try run(single("\"Type\": \"Wait\", \"SecondsPath\": \"$.delay\""), input: ["delay": 42])
        #expect(offsets(history, .waitStateExited) == [42])
    }

    @Test func secondsPathToANonNumberFails() throws {
        let (execution, _) = try run(single("\"Type\": \"Wait\", \"SecondsPath\": \"$.delay\""), input: ["delay": "soon"])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "An error occurred while executing the state 'S' (entered at the event id #2). The SecondsPath parameter cannot be parsed as a long value: $.delay == \"soon\"")
    }

    /// Step Functions waits whole seconds: a fraction or a negative number fails the execution.
    @Test(arguments: [(JSONValue.number(1.5), "cannot be parsed as a long value: $.delay == 1.5"),
                      (JSONValue.number(-3), "references a negative value: $.delay == -3")])
    func secondsPathMustSelectAWholeNonNegativeNumber(_ delay: JSONValue, _ cause: String) throws {
        let (execution, history) = try run(single("\"Type\": \"Wait\", \"SecondsPath\": \"$.delay\""), input: ["delay": delay])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "An error occurred while executing the state 'S' (entered at the event id #2). The SecondsPath parameter " + cause)
        #expect(!history.contains { $0.type == .waitStateExited })
    }

    @Test func timestampWaitsUntilThatMoment() throws {
        // 1_700_000_000 is 2023-11-14T22:13:20Z; wait until one hour later.
        let (_, history) = try run(single("\"Type\": \"Wait\", \"Timestamp\": \"2023-11-14T23:13:20Z\""))
        #expect(offsets(history, .waitStateExited) == [3600])
    }

    @Test func timestampPathReadsTheInput() throws {
        let (_, history) = try run(single("\"Type\": \"Wait\", \"TimestampPath\": \"$.expirydate\""),
                                   input: ["expirydate": "2023-11-14T22:15:00Z"])
        #expect(offsets(history, .waitStateExited) == [100])
    }

    @Test func timestampWithAnOffsetIsConvertedToUTC() throws {
        let (_, history) = try run(single("\"Type\": \"Wait\", \"TimestampPath\": \"$.t\""), input: ["t": "2023-11-15T00:13:30+02:00"])
        #expect(offsets(history, .waitStateExited) == [10])
    }

    @Test func aTimestampInThePastDoesNotWait() throws {
        let (_, history) = try run(single("\"Type\": \"Wait\", \"Timestamp\": \"2016-03-14T01:59:00Z\""))
        #expect(offsets(history, .waitStateExited) == [0])
    }

    @Test func timestampPathToAnInvalidTimestampFails() throws {
        let (execution, _) = try run(single("\"Type\": \"Wait\", \"TimestampPath\": \"$.t\""), input: ["t": "tomorrow"])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
    }

    @Test func successiveWaitsAddUp() throws {
        let definition = """
        {"StartAt": "A", "States": {
          "A": {"Type": "Wait", "Seconds": 5, "Next": "B"},
          "B": {"Type": "Wait", "Seconds": 7, "Next": "C"},
          "C": {"Type": "Pass", "End": true}}}
        """
        let (_, history) = try run(definition)
        #expect(offsets(history, .waitStateExited) == [5, 12])
        #expect(offsets(history, .passStateEntered) == [12])
    }
}
