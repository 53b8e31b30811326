import Testing
@testable import Columnar

@Suite struct Base64Tests {
    @Test(arguments: [
        ([UInt8](), ""), ([0x66], "Zg=="), ([0x66, 0x6F], "Zm8="), ([0x66, 0x6F, 0x6F], "Zm9v"),
        (Array("foobar".utf8), "Zm9vYmFy"), ([0, 255, 1], "AP8B"), ([0xFB, 0xFF], "+/8="),
    ])
    func encode(bytes: [UInt8], expected: String) {
        #expect(Base64.encode(bytes) == expected)
    }
}
