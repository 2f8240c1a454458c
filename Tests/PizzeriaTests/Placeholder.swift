import Testing
@testable import Pizzeria
