import Testing
@testable import SigV4

@Suite struct HexTests {
    @Test func lowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
    }
}
