import ASL

/// An order's status, numbered as in the seed's table.
public enum OrderStatus: Int, Sendable, CaseIterable {
    case pending = 1
    case paymentProcessing = 2
    case paymentComplete = 3
    case cookingStarted = 4
    case cookingCompleted = 5
    case deliveryStarted = 6
    case deliveryConfirmed = 7
    case paymentFailed = 8
    case cancelled = 9

    /// The seed's name: `Pending`, `PaymentProcessing`, ...
    public var name: String {
        switch self {
        case .pending: return "Pending"
        case .paymentProcessing: return "PaymentProcessing"
        case .paymentComplete: return "PaymentComplete"
        case .cookingStarted: return "CookingStarted"
        case .cookingCompleted: return "CookingCompleted"
        case .deliveryStarted: return "DeliveryStarted"
        case .deliveryConfirmed: return "DeliveryConfirmed"
        case .paymentFailed: return "PaymentFailed"
        case .cancelled: return "Cancelled"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}

/// A row of the seed's orders table.
public struct OrderRecord: Sendable, Equatable {
    public static let pineappleReason = "You like pineapple, you're one of us!"

    public var orderId: Int
    public var flavour: String
    public var status: OrderStatus
    /// 0 or 0.20.
    public var discountApplied: Double
    public var discountReason: String?

    public init(orderId: Int, flavour: String, status: OrderStatus, discountApplied: Double, discountReason: String?) {
        self.orderId = orderId
        self.flavour = flavour
        self.status = status
        self.discountApplied = discountApplied
        self.discountReason = discountReason
    }

    /// The discount rule, in one place: pineapple or hawaiian, in any case, earn 20% off.
    public static func earnsDiscount(_ flavour: String) -> Bool {
        let lower = flavour.lowercased()
        return lower == "pineapple" || lower == "hawaiian"
    }

    /// A new order's record (Pending), its discount decided by the rule.
    public static func pending(orderId: Int, flavour: String) -> OrderRecord {
        let discounted = earnsDiscount(flavour)
        return OrderRecord(orderId: orderId, flavour: flavour, status: .pending, discountApplied: discounted ? 0.20 : 0,
                           discountReason: discounted ? pineappleReason : nil)
    }

    /// The discount as a whole percentage, `20%` (`0%` without one).
    public var discountPercent: String { "\(Int((discountApplied * 100).rounded()))%" }

    /// The record as GET /orders/{id} shows it: status by name, discount as a percentage.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "orderId": .number(Double(orderId)),
            "flavour": .string(flavour),
            "status": .string(status.name),
            "discountApplied": .string(discountPercent),
        ]
        if let discountReason { object["discountReason"] = .string(discountReason) }
        return .object(object)
    }
}

/// The orders table, with a change feed (for the dashboard and the store).
public final class OrderBook {
    public private(set) var records: [Int: OrderRecord] = [:]
    private var observers: [(OrderRecord) -> Void] = []
    public private(set) var lastOrderId = 0

    public init() {}

    /// A new order id (ids are never reused).
    public func nextOrderId() -> Int {
        lastOrderId += 1
        return lastOrderId
    }

    public func record(_ id: Int) -> OrderRecord? { records[id] }

    /// Inserts or replaces a record and tells the observers.
    public func put(_ record: OrderRecord) {
        records[record.orderId] = record
        lastOrderId = max(lastOrderId, record.orderId)
        for observer in observers { observer(record) }
    }

    /// Changes a record's status; unknown ids are ignored (nothing to update).
    public func setStatus(_ id: Int, _ status: OrderStatus) {
        guard var record = records[id] else { return }
        record.status = status
        put(record)
    }

    /// Restores records read from a store (observers are not told: nothing changed) and makes
    /// sure new ids come after every id used before, even by orders without a record.
    public func restore(_ restored: [OrderRecord], lastOrderId: Int) {
        for record in restored { records[record.orderId] = record }
        self.lastOrderId = max(self.lastOrderId, lastOrderId, restored.map(\.orderId).max() ?? 0)
    }

    public func observe(_ observer: @escaping (OrderRecord) -> Void) {
        observers.append(observer)
    }
}
