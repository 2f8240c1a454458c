import ASL
import Dashboard
import Engine
import Foundation

/// What the dashboard shows for pizza executions, written once here: the labels of an order
/// (flavour, errorOnStep by name) and its ALL run, the order form and its checks, the ALL key,
/// and the order record's status and discount under the detail pane's first line.
public final class PizzaPresentation {
    public static let flavourKey = "flavour"
    public static let delayKey = "perStepDelaySeconds"
    public static let errorOnStepKey = "errorOnStep"

    private let pizzeria: Pizzeria
    /// Order ids to their executions (a record's change is shown on its execution).
    private var arnByOrderId: [Int: String] = [:]

    public init(pizzeria: Pizzeria) {
        self.pizzeria = pizzeria
        for order in pizzeria.placed { arnByOrderId[order.orderId] = order.executionArn }
        pizzeria.observePlaced { [unowned self] order in self.arnByOrderId[order.orderId] = order.executionArn }
    }

    // MARK: - Executions

    /// The list's label columns.
    public static let labelColumns = [LabelColumn(key: flavourKey, minWidth: 3, maxWidth: 20),
                                      LabelColumn(key: errorOnStepKey, minWidth: 8, maxWidth: 22)]

    /// Whether the executions of this machine are announced by ``summary(of:)`` (placed orders)
    /// rather than by their first event.
    public static func announcesItself(_ machineName: String) -> Bool { OrderSaga(machineName: machineName) != nil }

    /// A placed order's row (`execution` is what DescribeExecution answers for it): `#12`, its
    /// flavour and errorOnStep, its ALL run if any.
    public func summary(of order: PlacedOrder, execution: ExecutionDescription) -> ExecutionSummary {
        let step = Self.choice(order.errorOnStep)
        let group = order.allGroup.map { id in
            ExecutionGroup(id: id, title: "ALL #\(id)", caption: "flavour \(order.flavour), delay \(Self.delayText(execution))s/step",
                           rankTitle: Self.errorOnStepKey, rank: order.errorOnStep.rawValue, rankLabel: step)
        }
        return ExecutionSummary(arn: order.executionArn, machineArn: execution.stateMachineArn, machineName: Self.machineName(execution), label: "#\(order.orderId)",
                                labels: [ExecutionLabel(Self.flavourKey, order.flavour), ExecutionLabel(Self.errorOnStepKey, step)],
                                group: group, startDate: execution.startDate)
    }

    /// Any other execution: a pineapple check shows the flavour it checks.
    public static func summary(of execution: ExecutionDescription) -> ExecutionSummary {
        let machine = machineName(execution)
        var labels: [ExecutionLabel] = []
        if machine == WorkflowResources.pineappleCheckName, let flavour = execution.input["flavour"]?.stringValue {
            labels.append(ExecutionLabel(flavourKey, flavour))
        }
        return ExecutionSummary(arn: execution.executionArn, machineArn: execution.stateMachineArn, machineName: machine, label: String(execution.name.prefix(6)),
                                labels: labels, startDate: execution.startDate)
    }

    /// The name of the state machine an execution ran (the last part of its ARN).
    static func machineName(_ execution: ExecutionDescription) -> String {
        execution.stateMachineArn.split(separator: ":").last.map(String.init) ?? ""
    }

    /// The detail pane's news of an order's execution: `order DeliveryConfirmed (20% off)`.
    public func note(_ record: OrderRecord) -> (arn: String, text: String)? {
        guard let arn = arnByOrderId[record.orderId] else { return nil }
        return (arn, "order \(record.status.name)" + (record.discountApplied > 0 ? " (\(record.discountPercent) off)" : ""))
    }

    private static func delayText(_ execution: ExecutionDescription) -> String {
        guard let seconds = execution.input[delayKey]?.numberValue else { return "?" }
        return JSONValue.format(number: seconds)
    }

    // MARK: - Starting

    /// `2 processPayment`, or `ALL (eight executions)`.
    static func choice(_ step: ErrorStep) -> String {
        step == .all ? "ALL (eight executions)" : "\(step.rawValue) \(step.name)"
    }

    /// The order form (for each saga, JSONPath and JSONata) and the pineapple check's, starting
    /// with these values.
    public static func forms(flavour: String, delay: Double) -> [String: FormDescription] {
        let flavourField = FormFieldDescription(key: flavourKey, label: "flavour", initial: flavour)
        let choices = (ErrorStep.outcomes + [.all]).map(choice)
        let orderForm = FormDescription(fields: [
            flavourField,
            FormFieldDescription(key: delayKey, label: "delay (s/step)", initial: JSONValue.format(number: delay)),
            FormFieldDescription(key: errorOnStepKey, label: "errorOnStep", kind: .choice(choices), initial: choices[0]),
        ])
        var forms = [WorkflowResources.pineappleCheckName: FormDescription(fields: [flavourField])]
        for saga in OrderSaga.allCases { forms[saga.machineName] = orderForm }
        return forms
    }

    /// `a`: the eight outcomes at once, with the order form's last values.
    public static let allAtOnce = QuickStart(key: "a", machineName: WorkflowResources.orderSagaName, values: [errorOnStepKey: choice(.all)],
                                             help: "ALL: place the eight outcomes at once, compare them", footer: "ALL",
                                             message: "placing ALL: eight orders, errorOnStep 0…7")

    /// Starts what a pizza form asks for; nil when `request` is not for a pizza machine.
    /// The checks are ``OrderRequest``'s, so the form says what the API says.
    public func start(_ request: StartRequest) -> Result<String, FieldError>? {
        let flavour = request.values[Self.flavourKey] ?? "plain"
        switch request.machineName {
        case WorkflowResources.pineappleCheckName:
            do {
                _ = try OrderRequest(flavour: flavour)
            } catch {
                return .failure(FieldError(key: Self.flavourKey, message: error.message))
            }
            do {
                try pizzeria.startPineappleCheck(flavour: flavour.trimmingCharacters(in: .whitespaces))
            } catch {
                return .failure(FieldError(key: Self.flavourKey, message: error.message))
            }
            return .success("placing pineapple check: \(flavour)")
        case let name where OrderSaga(machineName: name) != nil:
            let delayText = (request.values[Self.delayKey] ?? "0").trimmingCharacters(in: .whitespaces)
            guard let delay = Double(delayText.isEmpty ? "0" : delayText) else {
                return .failure(FieldError(key: Self.delayKey, message: "must be a number of seconds >= 0"))
            }
            let chosen = request.values[Self.errorOnStepKey] ?? ""
            let step = (ErrorStep.outcomes + [.all]).first { Self.choice($0) == chosen } ?? ErrorStep(rawValue: Int(chosen) ?? -1)
            let order: OrderRequest
            do {
                order = try OrderRequest(flavour: flavour, perStepDelaySeconds: delay, errorOnStep: step?.rawValue ?? -1,
                                         saga: OrderSaga(machineName: name) ?? .jsonPath)
            } catch {
                return .failure(FieldError(key: error.field == "flavour" ? Self.flavourKey : error.field, message: error.message))
            }
            do {
                try pizzeria.placeOrder(order)
            } catch {
                return .failure(FieldError(key: Self.flavourKey, message: error.message))
            }
            return .success("placing order saga\(order.saga == .jsonata ? " (JSONata)" : ""): \(order.flavour)")
        default:
            return nil
        }
    }
}
