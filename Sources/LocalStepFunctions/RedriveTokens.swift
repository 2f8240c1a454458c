/// RedriveExecution's idempotency, as AWS documents `clientToken`: the API answers again for the
/// last 10 client tokens used to successfully redrive an execution, each for up to 15 minutes
/// after its first use. Loop-confined, like the rest of ``LocalStepFunctions``.
struct RedriveTokens {
    static let kept = 10
    static let lifetime = 15 * 60.0

    private struct Use {
        let token: String
        let firstUsed: Double
        let redriveDate: Double
    }

    /// The last uses per execution ARN, oldest first.
    private var uses: [String: [Use]] = [:]

    /// The redrive date that `token` already answered for `execution`, if it is still valid.
    func redriveDate(for token: String, execution: String, now: Double) -> Double? {
        guard let use = uses[execution]?.last(where: { $0.token == token }), now - use.firstUsed <= Self.lifetime else { return nil }
        return use.redriveDate
    }

    /// Remembers a successful redrive made with `token`.
    mutating func record(_ token: String, execution: String, redriveDate: Double) {
        var list = uses[execution, default: []]
        list.append(Use(token: token, firstUsed: redriveDate, redriveDate: redriveDate))
        if list.count > Self.kept { list.removeFirst(list.count - Self.kept) }
        uses[execution] = list
    }
}
