import History
import StepFunctions

/// Reads the part of an execution's history a screen has not seen, through GetExecutionHistory
/// alone (which has no "events after id N").
///
/// The first read takes the whole history, oldest first, in pages of 1000. A later read asks
/// for the newest events (`reverseOrder`, `pageSize` a page) and pages back only until it
/// reaches an event already read, so polling a running execution costs one small request
/// however long its history is. A service that ignores `reverseOrder` (moto does) answers the
/// oldest first: noticed by the order of the ids, the read then goes on to the end.
package enum HistoryFetch {
    /// The events with an id above `lastEventId`, oldest first, without duplicates.
    package static func events(of arn: String, after lastEventId: Int, pageSize: Int,
                               from service: any StepFunctionsService) async throws(ServiceError) -> [HistoryEvent] {
        var collected: [HistoryEvent] = []
        if lastEventId == 0 {
            collected = try await readToEnd(arn, HistoryPageRequest(maxResults: 1000), service)
        } else {
            var request = HistoryPageRequest(maxResults: pageSize, reverseOrder: true)
            while true {
                let page = try await service.getExecutionHistory(arn: arn, page: request)
                collected += page.events
                let ids = page.events.map(\.id)
                if let first = ids.first, let last = ids.last, first < last {
                    // Oldest first although newest first was asked: read on to the end.
                    if let token = page.nextToken {
                        collected += try await readToEnd(arn, HistoryPageRequest(maxResults: pageSize, nextToken: token), service)
                    }
                    break
                }
                guard let token = page.nextToken, !ids.contains(where: { $0 <= lastEventId }) else { break }
                request.nextToken = token
            }
        }
        var seen = Set<Int>()
        return collected.filter { $0.id > lastEventId && seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
    }

    private static func readToEnd(_ arn: String, _ first: HistoryPageRequest, _ service: any StepFunctionsService) async throws(ServiceError) -> [HistoryEvent] {
        var request = first
        var events: [HistoryEvent] = []
        repeat {
            let page = try await service.getExecutionHistory(arn: arn, page: request)
            events += page.events
            request.nextToken = page.nextToken
        } while request.nextToken != nil
        return events
    }
}
