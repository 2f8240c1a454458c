import Testing
@testable import HTTPAPI
