/// Where each pane sits for a terminal size: a pure function of the size, shared by `render`
/// (to draw) and `reduce` (to tell what a mouse click hit).
public struct PaneGeometry: Sendable, Equatable {
    /// Below this size the dashboard only says how big the terminal must be.
    public static let minWidth = 60
    public static let minHeight = 16

    public let width: Int
    public let height: Int
    /// Everything between the header row and the footer row.
    public let body: Rect
    public let orders: Rect
    public let graph: Rect
    public let detail: Rect

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let body = Rect(x: 0, y: 1, width: max(0, width), height: max(0, height - 2))
        self.body = body
        if width >= 110 {
            // Wide: orders above the detail on the left, the graph on the right.
            let left = min(72, max(48, width * 42 / 100))
            let ordersHeight = max(6, body.height * 45 / 100)
            orders = Rect(x: 0, y: body.y, width: left, height: ordersHeight)
            detail = Rect(x: 0, y: body.y + ordersHeight, width: left, height: body.height - ordersHeight)
            graph = Rect(x: left, y: body.y, width: width - left, height: body.height)
        } else {
            // Narrow: orders across the top, the graph and the detail side by side below.
            let ordersHeight = max(5, body.height * 38 / 100)
            let left = width * 55 / 100
            orders = Rect(x: 0, y: body.y, width: width, height: ordersHeight)
            graph = Rect(x: 0, y: body.y + ordersHeight, width: left, height: body.height - ordersHeight)
            detail = Rect(x: left, y: body.y + ordersHeight, width: width - left, height: body.height - ordersHeight)
        }
    }

    /// Whether the terminal is big enough for the dashboard.
    public var isUsable: Bool { width >= Self.minWidth && height >= Self.minHeight }

    /// The rect of a pane.
    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .orders: return orders
        case .graph: return graph
        case .detail: return detail
        }
    }

    /// Rows of the orders list that fit (inside the border, under the column titles).
    public var visibleOrderRows: Int { max(0, orders.height - 3) }

    /// The first order row shown so that `selected` stays in view.
    public func ordersScroll(selected: Int?) -> Int {
        guard let selected, visibleOrderRows > 0 else { return 0 }
        return max(0, selected - visibleOrderRows + 1)
    }
}
