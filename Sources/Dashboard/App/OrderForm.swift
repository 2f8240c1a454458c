/// A field of the order form, in Tab order.
public enum FormField: Int, Sendable, Hashable, CaseIterable {
    case flavour, delay, errorOnStep, workflow

    /// The label shown before the field.
    public var label: String {
        switch self {
        case .flavour: return "flavour"
        case .delay: return "delay (s/step)"
        case .errorOnStep: return "errorOnStep"
        case .workflow: return "workflow"
        }
    }
}

/// A bad value in the form: which field, and what it must be. Nothing is placed.
public struct FormError: Error, Sendable, Hashable {
    public var field: FormField
    public var message: String

    public init(field: FormField, message: String) {
        self.field = field
        self.message = message
    }
}

/// The order form (`n`): text fields hold what was typed, pickers hold their choice.
public struct OrderForm: Sendable, Hashable {
    public var flavour: String
    public var delay: String
    /// An index into `ErrorStepName.choices`.
    public var errorChoice: Int
    public var workflow: Workflow
    public var focus: FormField
    public var error: FormError?

    public init(flavour: String = "plain", delay: String = "0", errorChoice: Int = 0, workflow: Workflow = .orderSaga,
                focus: FormField = .flavour, error: FormError? = nil) {
        self.flavour = flavour
        self.delay = delay
        self.errorChoice = errorChoice
        self.workflow = workflow
        self.focus = focus
        self.error = error
    }

    /// The chosen `errorOnStep` value (0...7 or 100).
    public var errorOnStep: Int { ErrorStepName.choices[min(max(0, errorChoice), ErrorStepName.choices.count - 1)] }

    /// Checks the fields; the order to place or the first bad field.
    public func validated() -> Result<OrderSpec, FormError> {
        OrderSpec.validate(flavour: flavour, delay: delay, errorOnStep: errorOnStep, workflow: workflow)
    }
}
