import Foundation

/// The JSON privcheck writes: pretty, keys sorted (equal values, equal
/// text), slashes left alone (paths read as paths).
enum JSON {
    static func encode<T: Encodable>(_ value: T) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(value)
    }

    /// The text of `encode`, empty if it cannot be encoded.
    static func text<T: Encodable>(_ value: T) -> String {
        String(decoding: encode(value) ?? Data(), as: UTF8.self)
    }
}
