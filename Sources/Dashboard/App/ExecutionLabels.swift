/// A named value shown with an execution (a column of the executions list, a word of its
/// detail line). Whoever starts executions decides which labels they carry; the dashboard only
/// shows them.
public struct ExecutionLabel: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// Executions of one state machine started together as one run (e.g. one execution per
/// outcome): the list shows them under one header row, and Enter on it compares them.
public struct ExecutionGroup: Sendable, Hashable {
    /// Identifies the run; members share it.
    public var id: Int
    /// The header row's name, e.g. `RUN #1`.
    public var title: String
    /// What the members share, for the compare view's title.
    public var caption: String
    /// What tells the members apart, the compare view's first column's title.
    public var rankTitle: String
    /// Where the member sorts among the others (ascending).
    public var rank: Int
    /// The member's value of `rankTitle`.
    public var rankLabel: String

    public init(id: Int, title: String, caption: String = "", rankTitle: String = "", rank: Int, rankLabel: String) {
        self.id = id
        self.title = title
        self.caption = caption
        self.rankTitle = rankTitle
        self.rank = rank
        self.rankLabel = rankLabel
    }
}

/// A column of the executions list: the label it shows and how much room it takes.
public struct LabelColumn: Sendable, Hashable {
    public var key: String
    public var title: String
    /// Fewest and most cells; the room left is shared out up to `maxWidth`.
    public var minWidth: Int
    public var maxWidth: Int

    public init(key: String, title: String? = nil, minWidth: Int = 3, maxWidth: Int = 20) {
        self.key = key
        self.title = title ?? key
        self.minWidth = minWidth
        self.maxWidth = maxWidth
    }
}
