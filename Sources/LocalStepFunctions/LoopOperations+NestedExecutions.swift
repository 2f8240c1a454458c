import ASL
import Engine
import StepFunctions

extension LoopOperations {
    /// The engine's ``NestedExecutionStarter``: a `states:startExecution` task's child starts as
    /// StartExecution starts any execution (a machine, version or alias ARN of the registry; AWS's
    /// idempotency on the name), so it is listed, stored and shown like the others. A refusal
    /// carries StartExecution's error code and message (`StateMachineDoesNotExist`, ...).
    func startNestedExecution(_ request: NestedExecutionRequest) -> Result<Execution, NestedExecutionRefusal> {
        do {
            let started = try startExecution(StartExecutionInput(stateMachineArn: request.stateMachineArn, name: request.name, input: request.input))
            guard let child = service.engine.execution(started.executionArn) else {
                return .failure(NestedExecutionRefusal(code: ServiceError.Kind.executionDoesNotExist.rawValue,
                                                       message: "Execution Does Not Exist: '\(started.executionArn)'"))
            }
            return .success(child)
        } catch {
            return .failure(NestedExecutionRefusal(code: error.kind.rawValue, message: error.message))
        }
    }
}

extension LocalStepFunctions {
    /// Lets the engine's `states:startExecution` tasks start executions of this registry's machines.
    func installNestedExecutions() {
        engine.nestedExecutionStarter = { [weak self] request in
            guard let self else {
                return .failure(NestedExecutionRefusal(code: ServiceError.Kind.stateMachineDoesNotExist.rawValue,
                                                       message: "State Machine Does Not Exist: '\(request.stateMachineArn)'"))
            }
            return self.onLoop.startNestedExecution(request)
        }
    }
}
