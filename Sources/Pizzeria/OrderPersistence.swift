import ASL
import Engine

/// The JSON that stores keep for orders, and reading it back. Kept here (not in the store) so
/// the store holds no pizza knowledge.
extension OrderRecord {
    /// Lossless storage form (``json`` is the API's display form, with a rounded percentage).
    public var storageJSON: JSONValue {
        var object: [String: JSONValue] = [
            "orderId": .number(Double(orderId)), "flavour": .string(flavour),
            "status": .string(status.name), "discountApplied": .number(discountApplied),
        ]
        if let discountReason { object["discountReason"] = .string(discountReason) }
        return .object(object)
    }

    public init?(storageJSON json: JSONValue) {
        guard let id = json["orderId"]?.intValue, let flavour = json["flavour"]?.stringValue,
              let status = json["status"]?.stringValue.flatMap(OrderStatus.init(name:)) else { return nil }
        self.init(orderId: id, flavour: flavour, status: status, discountApplied: json["discountApplied"]?.numberValue ?? 0,
                  discountReason: json["discountReason"]?.stringValue)
    }
}

extension PlacedOrder {
    public var storageJSON: JSONValue {
        var object: [String: JSONValue] = [
            "orderId": .number(Double(orderId)), "errorOnStep": .number(Double(errorOnStep.rawValue)),
            "flavour": .string(flavour), "executionArn": .string(executionArn),
        ]
        if let allGroup { object["allGroup"] = .number(Double(allGroup)) }
        return .object(object)
    }

    public init?(storageJSON json: JSONValue) {
        guard let id = json["orderId"]?.intValue, let step = json["errorOnStep"]?.intValue.flatMap(ErrorStep.init(rawValue:)),
              let flavour = json["flavour"]?.stringValue, let arn = json["executionArn"]?.stringValue else { return nil }
        self.init(orderId: id, errorOnStep: step, flavour: flavour, executionArn: arn, allGroup: json["allGroup"]?.intValue)
    }

    /// Rebuilds a placed order from its execution's input, for an order whose placement was not
    /// stored (the process died between starting the saga and storing the order).
    public init?(sagaInput input: JSONValue, executionArn: String) {
        guard let id = input["orderId"]?.intValue, let step = input["errorOnStep"]?.intValue.flatMap(ErrorStep.init(rawValue:)) else { return nil }
        self.init(orderId: id, errorOnStep: step, flavour: input["flavor"]?.stringValue ?? "plain", executionArn: executionArn, allGroup: nil)
    }
}

extension Pizzeria {
    /// Restores what a store kept of the orders: each order's placement and record (storage
    /// JSON, either may be missing), given the saga executions already restored in the engine.
    /// Order ids then continue after the highest one ever used.
    ///
    /// Nothing is re-delivered here on purpose: a saga that was waiting for the order processor
    /// had its callback task in flight, so the engine runs that task again on resume, which
    /// sends a fresh PrepareOrder message (with a new task token) to the consumer installed now.
    public func restore(stored: [(placed: JSONValue?, record: JSONValue?)]) {
        let records = stored.compactMap { $0.record.flatMap(OrderRecord.init(storageJSON:)) }
        var orders = stored.compactMap { $0.placed.flatMap(PlacedOrder.init(storageJSON:)) }
        let known = Set(orders.map(\.executionArn))
        for arn in engine.executionArns where !known.contains(arn) {
            guard let execution = engine.execution(arn), OrderSaga(machineName: execution.stateMachineName) != nil,
                  let order = PlacedOrder(sagaInput: execution.input, executionArn: arn) else { continue }
            orders.append(order)
        }
        orders.sort { $0.orderId < $1.orderId }
        self.orders.restore(records, lastOrderId: orders.map(\.orderId).max() ?? 0)
        restore(orders)
    }
}
