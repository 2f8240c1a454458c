import ASL

/// A small seeded generator (SplitMix64), so property tests are repeatable.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random valid definitions: chains of Pass/Task/Wait states with Choices (some rules jump
/// back, making loops), Catches forward or back, and nested Parallels and Maps. Every state
/// stays reachable because each one also leads to the next.
struct DefinitionGenerator {
    var random: SeededRandom
    private var counter = 0

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func definitionJSON() -> String { machine(depth: 0) }

    private mutating func name() -> String {
        counter += 1
        let words = ["Bake", "Check", "Slice", "Box", "Notify Customer", "Charge", "Wait For Oven", "Add Cheese", "Refund"]
        return "\(words[Int(random.next() % UInt64(words.count))]) \(counter)"
    }

    private mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    private mutating func machine(depth: Int) -> String {
        let count = 1 + Int(random.next() % (depth == 0 ? 7 : 3))
        let names = (0..<count).map { _ in name() }
        var states: [String] = []
        for (i, n) in names.enumerated() {
            let last = i == count - 1
            let following = last ? nil : names[i + 1]
            let transition = following.map { "\"Next\": \(quote($0))" } ?? "\"End\": true"
            func pick(_ range: Range<Int>) -> String { names[range.lowerBound + Int(random.next() % UInt64(range.count))] }
            let roll = random.next() % 100
            var body: String
            if last && chance(30) {
                body = chance(50) ? "\"Type\": \"Succeed\"" : "\"Type\": \"Fail\", \"Error\": \"Oops\""
            } else if roll < 20, let following {
                var rules: [String] = []
                for r in 0..<(1 + Int(random.next() % 3)) {
                    let target = pick(0..<count)  // anywhere: back-edges make loops
                    rules.append("{\"Variable\": \"$.v\(r)\", \"NumericGreaterThan\": \(r), \"Next\": \(quote(target))}")
                }
                body = "\"Type\": \"Choice\", \"Choices\": [\(rules.joined(separator: ", "))], \"Default\": \(quote(following))"
            } else if roll < 30, depth < 2 {
                let branches = (0..<(1 + Int(random.next() % 3))).map { _ in machine(depth: depth + 1) }
                body = "\"Type\": \"Parallel\", \"Branches\": [\(branches.joined(separator: ", "))], \(transition)"
            } else if roll < 37, depth < 2 {
                body = "\"Type\": \"Map\", \"ItemsPath\": \"$.items\", \"ItemProcessor\": \(machine(depth: depth + 1)), \(transition)"
            } else if roll < 75 {
                body = "\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\", \(transition)"
                if chance(30) { body += ", \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}]" }
            } else if roll < 85 {
                body = "\"Type\": \"Wait\", \"Seconds\": 1, \(transition)"
            } else {
                body = "\"Type\": \"Pass\", \(transition)"
            }
            if body.contains("\"Task\"") || body.contains("\"Parallel\"") || body.contains("\"Map\""), chance(35) {
                // AWS requires a States.ALL catcher to be the last one.
                let catcherCount = 1 + Int(random.next() % 2)
                let catchers = (0..<catcherCount).map { index in
                    let error = index == catcherCount - 1 ? "States.ALL" : "States.TaskFailed"
                    return "{\"ErrorEquals\": [\"\(error)\"], \"Next\": \(quote(pick(0..<count)))}"
                }
                body += ", \"Catch\": [\(catchers.joined(separator: ", "))]"
            }
            states.append("\(quote(n)): {\(body)}")
        }
        return "{\"StartAt\": \(quote(names[0])), \"States\": {\(states.joined(separator: ", "))}}"
    }

    private func quote(_ s: String) -> String { "\"\(s)\"" }
}
