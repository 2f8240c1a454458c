import ASL
import Foundation
import Engine
import Hummingbird
import Pizzeria
import StepFunctions
import StepFunctionsAPI

/// The seeds' HTTP API as a Hummingbird router (every answer is JSON):
///
/// | route | answer |
/// |---|---|
/// | `POST /orders` | starts the order saga (body optional, defaults apply); 201 `{message, orderId, statusCheck}` |
/// | `GET /orders/{id}` | 200 the order record; 404 unknown; 400 not a number |
/// | `POST /` | runs the pineapple check synchronously (StartSyncExecution on the seam); 200 its answer |
/// | `GET /executions/{name}` | 200 DescribeExecution (name or ARN); 404 unknown |
/// | `GET /executions/{name}/history` | 200 `{"events": [...]}` (GetExecutionHistory) |
///
/// Bad input answers 400 `{"message": ...}` naming the problem, and starts nothing.
public struct PizzaAPI: Sendable {
    public static let orderCreatedMessage = "Order created successfully. Use the statusCheck link to see how the order is going!"

    let bridge: EngineBridge
    /// The executions routes ask the seam, as any client would.
    let service: any StepFunctionsService
    let baseURL: BaseURL
    /// The Step Functions API, answering every request with an `X-Amz-Target` before any route.
    let stepFunctions: StepFunctionsAPI

    init(bridge: EngineBridge, service: any StepFunctionsService, baseURL: BaseURL, stepFunctions: StepFunctionsAPI) {
        self.bridge = bridge
        self.service = service
        self.baseURL = baseURL
        self.stepFunctions = stepFunctions
    }

    /// The router: the Step Functions API first, then every route and the JSON error middleware.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AWSTargetRouting(api: stepFunctions))
        router.add(middleware: JSONErrorMiddleware())
        router.post("/orders") { request, _ in try await self.placeOrder(request) }
        router.get("/orders/:id") { _, context in try await self.order(context.parameters.get("id") ?? "") }
        router.post("/") { request, _ in try await self.pineappleCheck(request) }
        router.get("/executions/:name") { _, context in try await self.describe(context.parameters.get("name") ?? "") }
        router.get("/executions/:name/history") { _, context in try await self.history(context.parameters.get("name") ?? "") }
        return router
    }

    // MARK: - Orders

    func placeOrder(_ request: Request) async throws -> Response {
        let body = try await RequestJSON.body(of: request)
        let order: OrderRequest
        do {
            order = try OrderRequest(json: body)
        } catch {
            throw APIError.badRequest("bad order: \(error.field) \(error.message)")
        }
        let placed = await bridge.run { pizzeria in Result { () throws(ServiceError) in try pizzeria.placeOrder(order).map(\.orderId) } }
        let ids: [Int]
        do { ids = try placed.get() } catch { throw APIError.notFound("cannot place the order: \(error.message)") }
        var answer: [String: JSONValue] = [
            "message": .string(Self.orderCreatedMessage),
            "orderId": .number(Double(ids[0])),
            "statusCheck": .string("\(baseURL.value)/orders/\(ids[0])"),
        ]
        if ids.count > 1 { answer["orderIds"] = .array(ids.map { .number(Double($0)) }) }
        return JSONResponse.make(.created, .object(answer))
    }

    func order(_ idText: String) async throws -> Response {
        guard let id = Int(idText) else { throw APIError.badRequest("the order id must be a number, not \"\(idText)\"") }
        let record = await bridge.run { pizzeria -> JSONValue? in
            if let record = pizzeria.orders.record(id) { return record.json }
            // Placed, but its first step has not stored the record yet.
            guard let placed = pizzeria.placed.first(where: { $0.orderId == id }) else { return nil }
            return Self.pendingRecord(placed).json
        }
        guard let record else { throw APIError.notFound("no order \(id)") }
        return JSONResponse.make(.ok, record)
    }

    static func pendingRecord(_ placed: PlacedOrder) -> OrderRecord {
        OrderRecord.pending(orderId: placed.orderId, flavour: placed.flavour)
    }

    // MARK: - Pineapple check

    func pineappleCheck(_ request: Request) async throws -> Response {
        let flavour = try Self.flavour(in: try await RequestJSON.body(of: request))
        do {
            return JSONResponse.make(.ok, try await service.startSyncExecution(Pizzeria.pineappleCheck(flavour: flavour), anyType: true).syncExecutionJSON)
        } catch {
            throw APIError.notFound("cannot run the pineapple check: \(error.message)")
        }
    }

    static func flavour(in body: JSONValue?) throws -> String {
        guard let body else { throw APIError.badRequest("the body must be a JSON object with a flavour, e.g. {\"flavour\": \"pepperoni\"}") }
        guard let object = body.objectValue else { throw APIError.badRequest("the body must be a JSON object, not \(body.typeName)") }
        guard let value = object["flavour"], !value.isNull else { throw APIError.badRequest("flavour is missing") }
        guard let flavour = value.stringValue else { throw APIError.badRequest("flavour must be a string, not \(value.typeName)") }
        guard !flavour.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw APIError.badRequest("flavour must not be empty") }
        return flavour
    }

    // MARK: - Executions

    func describe(_ name: String) async throws -> Response {
        guard let arn = try await executionArn(name) else { throw APIError.notFound("no execution named \(name)") }
        do {
            return JSONResponse.make(.ok, try await service.describeExecution(arn: arn).json)
        } catch {
            throw APIError.notFound("no execution named \(name)")
        }
    }

    func history(_ name: String) async throws -> Response {
        guard let arn = try await executionArn(name) else { throw APIError.notFound("no execution named \(name)") }
        var events: [JSONValue] = []
        var page = HistoryPageRequest(maxResults: 1000)
        do {
            repeat {
                let answer = try await service.getExecutionHistory(arn: arn, page: page)
                events += answer.events.map(\.json)
                page.nextToken = answer.nextToken
            } while page.nextToken != nil
        } catch {
            throw APIError.notFound("no execution named \(name)")
        }
        return JSONResponse.make(.ok, ["events": .array(events)])
    }

    /// An execution by ARN, or by name (`order-7`, a pineapple check's UUID): the latest if
    /// several machines' executions share the name.
    func executionArn(_ name: String) async throws -> String? {
        if name.hasPrefix("arn:") { return name }
        var latest: ExecutionListItem?
        for machine in try await service.listStateMachines() {
            // Newest first: the first of a machine's executions with the name is its latest.
            let match = try await service.listExecutions(stateMachineArn: machine.stateMachineArn, status: nil).first { $0.name == name }
            if let match, latest.map({ match.startDate >= $0.startDate }) ?? true { latest = match }
        }
        return latest?.executionArn
    }
}
