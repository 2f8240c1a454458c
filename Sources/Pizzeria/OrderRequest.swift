import ASL

/// Which step of the saga to break, as the seed's `ErrorSteps` enum numbers them.
public enum ErrorStep: Int, Sendable, CaseIterable, Comparable {
    case none = 0
    case createOrder = 1
    case processPayment = 2
    case addLoyaltyPoints = 3
    case prepareOrder = 4
    case processOrder = 5
    case refundPayment = 6
    case reclaimLoyaltyPoints = 7
    /// Starts eight executions at once, one for each of the other values.
    case all = 100

    /// The seed's name of the value.
    public var name: String {
        switch self {
        case .none: return "none"
        case .createOrder: return "createOrder"
        case .processPayment: return "processPayment"
        case .addLoyaltyPoints: return "addLoyaltyPoints"
        case .prepareOrder: return "prepareOrder"
        case .processOrder: return "processOrder"
        case .refundPayment: return "refundPayment"
        case .reclaimLoyaltyPoints: return "reclaimLoyaltyPoints"
        case .all: return "ALL"
        }
    }

    /// The eight single-execution values, in order.
    public static let outcomes: [ErrorStep] = [.none, .createOrder, .processPayment, .addLoyaltyPoints, .prepareOrder, .processOrder, .refundPayment, .reclaimLoyaltyPoints]

    public static func < (lhs: ErrorStep, rhs: ErrorStep) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which definition of the order saga an order runs: the JSONPath one or the same saga in JSONata.
/// Both have the same states and the same eight outcomes.
public enum OrderSaga: String, Sendable, CaseIterable {
    case jsonPath = "jsonpath"
    case jsonata = "jsonata"

    /// The saga's state machine.
    public var machineName: String {
        switch self {
        case .jsonPath: return WorkflowResources.orderSagaName
        case .jsonata: return WorkflowResources.orderSagaJSONataName
        }
    }

    /// The saga a state machine runs, nil for one that is not an order saga.
    public init?(machineName: String) {
        guard let saga = Self.allCases.first(where: { $0.machineName == machineName }) else { return nil }
        self = saga
    }
}

/// A bad field of an order: which one, and why. Nothing is started.
public struct OrderInputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// What a person orders (the seed's POST /orders body). Defaults apply to missing fields.
public struct OrderRequest: Sendable, Equatable {
    public static let maxFlavourLength = 64
    /// The largest per-step delay: the saga's longest path (errorOnStep 6: 13 delays plus 6.1 s
    /// of retries) must stay inside the machine's TimeoutSeconds (900).
    public static let maxDelaySeconds = 60.0

    public var flavour: String
    public var perStepDelaySeconds: Double
    public var errorOnStep: ErrorStep
    /// The saga's definition the order runs (JSONPath unless asked for).
    public var saga: OrderSaga

    /// Checks every field; the first bad one is reported.
    public init(flavour: String = "plain", perStepDelaySeconds: Double = 0, errorOnStep: Int = 0, saga: OrderSaga = .jsonPath) throws(OrderInputError) {
        let trimmed = flavour.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw OrderInputError(field: "flavour", message: "must not be empty") }
        guard trimmed.count <= Self.maxFlavourLength else {
            throw OrderInputError(field: "flavour", message: "must be at most \(Self.maxFlavourLength) characters, not \(trimmed.count)")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw OrderInputError(field: "flavour", message: "must not contain control characters")
        }
        guard perStepDelaySeconds.isFinite, perStepDelaySeconds >= 0 else {
            throw OrderInputError(field: "perStepDelaySeconds", message: "must be a number of seconds >= 0")
        }
        guard perStepDelaySeconds <= Self.maxDelaySeconds else {
            throw OrderInputError(field: "perStepDelaySeconds", message: "must be at most \(Int(Self.maxDelaySeconds)) seconds (the saga's timeout allows no more)")
        }
        guard let step = ErrorStep(rawValue: errorOnStep) else {
            throw OrderInputError(field: "errorOnStep", message: "must be one of 0..7 or 100 (ALL), not \(errorOnStep)")
        }
        self.flavour = trimmed
        self.perStepDelaySeconds = perStepDelaySeconds
        self.errorOnStep = step
        self.saga = saga
    }

    /// Reads the POST /orders body; a missing body or `null` means all defaults.
    public init(json: JSONValue?) throws(OrderInputError) {
        guard let json, !json.isNull else { try self.init(); return }
        guard let object = json.objectValue else {
            throw OrderInputError(field: "body", message: "must be a JSON object, not \(json.typeName)")
        }
        var flavour = "plain"
        if let value = object["flavour"], !value.isNull {
            guard let s = value.stringValue else { throw OrderInputError(field: "flavour", message: "must be a string, not \(value.typeName)") }
            flavour = s
        }
        var delay = 0.0
        if let value = object["perStepDelaySeconds"], !value.isNull {
            guard let n = value.numberValue else { throw OrderInputError(field: "perStepDelaySeconds", message: "must be a number, not \(value.typeName)") }
            delay = n
        }
        var step = 0
        if let value = object["errorOnStep"], !value.isNull {
            guard let n = value.numberValue else { throw OrderInputError(field: "errorOnStep", message: "must be a number, not \(value.typeName)") }
            guard let i = value.intValue else { throw OrderInputError(field: "errorOnStep", message: "must be a whole number, not \(JSONValue.format(number: n))") }
            step = i
        }
        var saga = OrderSaga.jsonPath
        if let value = object["workflow"], !value.isNull {
            guard let s = value.stringValue, let chosen = OrderSaga(rawValue: s.lowercased()) else {
                throw OrderInputError(field: "workflow", message: "must be \"jsonpath\" or \"jsonata\", not \(value.stringValue.map { "\"\($0)\"" } ?? value.typeName)")
            }
            saga = chosen
        }
        try self.init(flavour: flavour, perStepDelaySeconds: delay, errorOnStep: step, saga: saga)
    }

    /// Whether the discount rule applies: pineapple or hawaiian, in any case.
    public var earnsPineappleDiscount: Bool { OrderRecord.earnsDiscount(flavour) }
}

import Foundation
