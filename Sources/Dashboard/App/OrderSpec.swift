import Foundation

/// Which of the two pizza workflows an order runs.
public enum Workflow: String, Sendable, Hashable, CaseIterable {
    case orderSaga = "order saga"
    case pineappleCheck = "pineapple check"

    /// A short word for the orders list.
    public var shortName: String { self == .orderSaga ? "saga" : "pine" }
}

/// The names of the `errorOnStep` values (the seed's `ErrorSteps`), without importing Pizzeria:
/// the dashboard describes orders with its own types and the shell translates them.
public enum ErrorStepName {
    /// `errorOnStep` 100: eight executions at once, one for each of 0...7.
    public static let all = 100
    /// The names of 0...7, in order.
    public static let names = ["none", "createOrder", "processPayment", "addLoyaltyPoints", "prepareOrder",
                               "processOrder", "refundPayment", "reclaimLoyaltyPoints"]
    /// The values the form's picker offers, in order.
    public static let choices = Array(0...7) + [all]

    /// `prepareOrder` for 4, `ALL` for 100, the number itself otherwise.
    public static func name(_ step: Int) -> String {
        if step == all { return "ALL" }
        return names.indices.contains(step) ? names[step] : String(step)
    }
}

/// An order as the dashboard asks for it; the shell turns it into a Pizzeria order.
public struct OrderSpec: Sendable, Hashable {
    public static let maxFlavourLength = 64
    public static let maxDelaySeconds = 60.0

    public var flavour: String
    public var perStepDelaySeconds: Double
    /// 0...7, or 100 for ALL.
    public var errorOnStep: Int
    public var workflow: Workflow

    public init(flavour: String = "plain", perStepDelaySeconds: Double = 0, errorOnStep: Int = 0, workflow: Workflow = .orderSaga) {
        self.flavour = flavour
        self.perStepDelaySeconds = perStepDelaySeconds
        self.errorOnStep = errorOnStep
        self.workflow = workflow
    }

    /// Checks the form's texts with the limits of Pizzeria's `OrderRequest`; the error names the field.
    public static func validate(flavour: String, delay: String, errorOnStep: Int, workflow: Workflow) -> Result<OrderSpec, FormError> {
        let trimmed = flavour.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .failure(FormError(field: .flavour, message: "must not be empty")) }
        if trimmed.count > maxFlavourLength {
            return .failure(FormError(field: .flavour, message: "at most \(maxFlavourLength) characters, not \(trimmed.count)"))
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(FormError(field: .flavour, message: "no control characters"))
        }
        let delayText = delay.trimmingCharacters(in: .whitespaces)
        guard let seconds = Double(delayText.isEmpty ? "0" : delayText), seconds.isFinite, seconds >= 0 else {
            return .failure(FormError(field: .delay, message: "a number of seconds >= 0"))
        }
        if seconds > maxDelaySeconds {
            return .failure(FormError(field: .delay, message: "at most \(Int(maxDelaySeconds)) seconds"))
        }
        guard ErrorStepName.choices.contains(errorOnStep) else {
            return .failure(FormError(field: .errorOnStep, message: "one of 0..7 or 100 (ALL)"))
        }
        return .success(OrderSpec(flavour: trimmed, perStepDelaySeconds: seconds, errorOnStep: errorOnStep, workflow: workflow))
    }
}
