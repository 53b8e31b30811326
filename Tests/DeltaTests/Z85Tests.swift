import Testing
@testable import Delta

@Suite struct Z85Tests {
    /// Vectors: RFC 32's own ("HelloWorld") and the CURVE keys of the zmq_curve man page.
    static let vectors: [(text: String, hex: String)] = [
        ("HelloWorld", "864fd26fb559f75b"),
        ("JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6", "8e0bdd697628b91d8f245587ee95c5b04d48963f79259877b49cd9063aead3b7"),
        ("Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID", "bb88471d65e2659b30c55a5321cebb5aab2b70a398645c26dca2b2fcb43fc518"),
        ("", ""),
        ("00000", "00000000"),
        ("%nSc0", "ffffffff"),
    ]

    @Test(arguments: vectors)
    func decodesAndEncodes(_ vector: (text: String, hex: String)) throws {
        let bytes = try Z85.decode(vector.text)
        #expect(hex(bytes) == vector.hex)
        #expect(Z85.encode(bytes) == vector.text)
    }

    /// The protocol's examples: `u` paths whose last 20 characters are a UUID.
    @Test func decodesDeltaUUIDs() throws {
        #expect(DeletionVectorDescriptor.uuidString(try Z85.decode("vBn[lx{q8@P<9BNH/isA")) == "61d16c75-6994-46b7-a15b-8b538852e50e")
        #expect(DeletionVectorDescriptor.uuidString(try Z85.decode(String("ab^-aqEH.-t@S}K{vb[*k^".dropFirst(2)))) == "d2c639aa-8816-431a-aaf6-d3fe2512ff61")
    }

    @Test func encodePadsToAMultipleOfFour() throws {
        let text = Z85.encode([1, 2, 3, 4, 5])
        #expect(text.count == 10)
        #expect(try Z85.decode(text) == [1, 2, 3, 4, 5, 0, 0, 0])
    }

    @Test func roundTripsRandomBytes() throws {
        var rng = SplitMix64(seed: 7)
        for length in stride(from: 0, through: 64, by: 4) {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(try Z85.decode(Z85.encode(bytes)) == bytes)
        }
    }

    @Test(arguments: ["1234", "123456", "Hello World", "Hell\"World", "HelloWörld", "%nSc1", "#####"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: DeltaError.self) { try Z85.decode(text) }
    }

    @Test func errorsNameTheProblem() {
        do {
            _ = try Z85.decode("Hel\"oWorld")
            Issue.record("decoded an invalid character")
        } catch let error as DeltaError {
            #expect(error.code == .corruptLog)
            #expect(error.message.contains("outside the Z85 alphabet"))
        } catch { Issue.record("unexpected error \(error)") }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
