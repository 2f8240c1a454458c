import StepFunctions

/// A service that answers one page of ListExecutions at a time. The seam's `listExecutions`
/// answers every page, which for a machine with many executions is many requests; a dashboard
/// keeps only the newest ``ServicePoller/pageLimit``, so it asks for the first page alone when
/// the service can (the remote client's `listExecutionsPage` is this requirement: it conforms
/// with an empty extension where both modules are known).
package protocol ExecutionPageListing: StepFunctionsService {
    /// One page of ListExecutions, newest first; `nextToken` names the next one, if any.
    func listExecutionsPage(stateMachineArn: String, maxResults: Int,
                            nextToken: String?) async throws(ServiceError) -> (items: [ExecutionListItem], nextToken: String?)
}
