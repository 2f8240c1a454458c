import Testing
@testable import ASL
