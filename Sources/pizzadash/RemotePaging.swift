import AppRuntime
import RemoteStepFunctions

/// The remote client answers ListExecutions a page at a time: the dashboard of a remote service
/// (``ServiceDashboardLoop``) then asks for the first page alone.
extension RemoteStepFunctions: ExecutionPageListing {}
