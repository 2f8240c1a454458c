import StepFunctions
import Testing

/// The pollers' pace: the interval while all is well; after throttling, a random wait that grows
/// (exponentially, capped) and is reset by a good round.
struct PollPaceTests {
    @Test func throttlingBacksOffWithJitterUpToTheCap() {
        var pace = PollPace(interval: 1, maxBackoff: 8)
        #expect(pace.succeeded() == 1 && !pace.isBehind)
        var bounds: [Double] = []
        for _ in 0..<6 {
            let wait = pace.throttled()
            let bound = min(8, pow2(pace.failuresInARow))
            #expect(wait >= 1 && wait <= bound)
            bounds.append(bound)
        }
        #expect(bounds == [2, 4, 8, 8, 8, 8] && pace.isBehind)
        #expect(pace.succeeded() == 1 && !pace.isBehind && pace.failuresInARow == 0)
    }

    @Test func theWaitsAreJittered() {
        // A hundred waits after the same failures are not all alike (full jitter), whatever the seed.
        let waits = Set((0..<100).map { _ -> Double in
            var pace = PollPace(interval: 1, maxBackoff: 30)
            _ = pace.throttled()
            _ = pace.throttled()
            return pace.throttled()
        })
        #expect(waits.count > 1 && waits.allSatisfy { $0 >= 1 && $0 <= 8 })
    }

    private func pow2(_ n: Int) -> Double { Double(1 << n) }
}
