import Engine

/// Reads one execution's history a little at a time, through GetExecutionHistory alone (which
/// has no "events after id N"): the first read fetches it all, oldest first in pages of 1000;
/// each later read asks for the newest events (`reverseOrder`, pages of ``pageSize``) and goes
/// back page by page only until it reaches an event it has already read, so a running
/// execution's history costs one small request per poll however long it is.
///
/// A service that ignores `reverseOrder` (moto does) is noticed by the order of the ids it
/// answers; the reader then reads on to the end and keeps the events it had not seen.
public struct IncrementalHistoryReader: Sendable {
    /// One page of GetExecutionHistory of the execution being read.
    public typealias Fetch = (HistoryPageRequest) async throws(ServiceError) -> HistoryPage

    public let executionArn: String
    /// The id of the newest event read so far (0: none).
    public private(set) var lastEventId = 0
    /// Whether the newest event read ends the execution (succeeded, failed, timed out, aborted).
    public private(set) var sawEnd = false
    /// Events a poll asks for at once after the first read.
    public var pageSize: Int

    public init(executionArn: String, pageSize: Int = 100) {
        self.executionArn = executionArn
        self.pageSize = pageSize
    }

    /// The events after those already read, oldest first, from `service`.
    public mutating func readNew(from service: some StepFunctionsService) async throws(ServiceError) -> [HistoryEvent] {
        let arn = executionArn
        return try await readNew { page throws(ServiceError) in try await service.getExecutionHistory(arn: arn, page: page) }
    }

    /// The events after those already read, oldest first, fetched with `fetch`.
    public mutating func readNew(_ fetch: Fetch) async throws(ServiceError) -> [HistoryEvent] {
        var collected: [HistoryEvent] = []
        if lastEventId == 0 {
            collected = try await readToEnd(HistoryPageRequest(maxResults: 1000), fetch)
        } else {
            var request = HistoryPageRequest(maxResults: pageSize, reverseOrder: true)
            while true {
                let page = try await fetch(request)
                collected += page.events
                let ids = page.events.map(\.id)
                if let first = ids.first, let last = ids.last, first < last {
                    // Oldest first although newest first was asked: read on to the end.
                    if let token = page.nextToken {
                        collected += try await readToEnd(HistoryPageRequest(maxResults: pageSize, nextToken: token), fetch)
                    }
                    break
                }
                guard page.nextToken != nil, !ids.contains(where: { $0 <= lastEventId }) else { break }
                request.nextToken = page.nextToken
            }
        }
        var seen = Set<Int>()
        let fresh = collected.filter { $0.id > lastEventId && seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
        lastEventId = fresh.last?.id ?? lastEventId
        // The newest event decides: a redrive writes ExecutionRedriven after the end it restarts from.
        if let newest = fresh.last { sawEnd = newest.type.isTerminal }
        return fresh
    }

    private func readToEnd(_ first: HistoryPageRequest, _ fetch: Fetch) async throws(ServiceError) -> [HistoryEvent] {
        var request = first
        var events: [HistoryEvent] = []
        repeat {
            let page = try await fetch(request)
            events += page.events
            request.nextToken = page.nextToken
        } while request.nextToken != nil
        return events
    }
}
