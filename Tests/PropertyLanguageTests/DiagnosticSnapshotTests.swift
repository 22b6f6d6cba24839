import Foundation
import Testing

@testable import PropertyLanguage

/// One bad file and the exact rendering of the single diagnostic it must produce.
struct BadFileCase: CustomTestStringConvertible, Sendable {
    var label: String
    var text: String
    var rendered: String
    var testDescription: String { label }
}

let badFileCases: [BadFileCase] = [
    BadFileCase(
        label: "empty file",
        text: "",
        rendered: "Properties/bad.prop:1:1: error: empty property file\n\n^\nhint: a property starts with 'invariant', 'transition' or 'reachable' and a name"),
    BadFileCase(
        label: "comments only",
        text: "// just a comment\n",
        rendered: "Properties/bad.prop:2:1: error: empty property file\n\n^\nhint: a property starts with 'invariant', 'transition' or 'reachable' and a name"),
    BadFileCase(
        label: "misspelled kind",
        text: "invarient isolation\n{\n  true\n}\n",
        rendered: "Properties/bad.prop:1:1: error: expected 'invariant', 'transition' or 'reachable', found 'invarient'\ninvarient isolation\n^\nhint: did you mean 'invariant'?"),
    BadFileCase(
        label: "missing kind",
        text: "isolation {\n  true\n}\n",
        rendered: "Properties/bad.prop:1:1: error: expected 'invariant', 'transition' or 'reachable', found 'isolation'\nisolation {\n^\nhint: a property starts with 'invariant', 'transition' or 'reachable' and a name"),
    BadFileCase(
        label: "missing name",
        text: "invariant {\n  true\n}\n",
        rendered: "Properties/bad.prop:1:11: error: expected a name after 'invariant', found '{'\ninvariant {\n          ^\nhint: write 'invariant NAME { ... }'"),
    BadFileCase(
        label: "missing opening brace",
        text: "invariant isolation\n  design v4\n  forall f in folios: f.in_use\n",
        rendered: "Properties/bad.prop:3:3: error: expected '{' to open the body of 'isolation', found 'forall'\n  forall f in folios: f.in_use\n  ^\nhint: the body is an expression in braces: { ... }"),
    BadFileCase(
        label: "misspelled clause",
        text: "invariant isolation\n  desing v4\n{\n  true\n}\n",
        rendered: "Properties/bad.prop:2:3: error: expected '{' to open the body of 'isolation', found 'desing'\n  desing v4\n  ^\nhint: did you mean 'design'?"),
    BadFileCase(
        label: "empty body",
        text: "invariant isolation\n{\n}\n",
        rendered: "Properties/bad.prop:2:1: error: empty property body\n{\n^\nhint: write the property's condition between the braces"),
    BadFileCase(
        label: "unclosed parenthesis",
        text: "invariant isolation\n{\n  (a and (b or c)\n}\n",
        rendered: "Properties/bad.prop:3:3: error: '(' is never closed\n  (a and (b or c)\n  ^\nhint: add ')' before the '}' at line 4, column 1"),
    BadFileCase(
        label: "unclosed bracket",
        text: "invariant isolation\n{\n  node[f.nid.N_MEMORY_PRIVATE\n}\n",
        rendered: "Properties/bad.prop:3:7: error: '[' is never closed\n  node[f.nid.N_MEMORY_PRIVATE\n      ^\nhint: add ']' before the '}' at line 4, column 1"),
    BadFileCase(
        label: "unclosed body brace",
        text: "invariant isolation\n{\n  a and b\n",
        rendered: "Properties/bad.prop:2:1: error: '{' is never closed\n{\n^\nhint: add '}'"),
    BadFileCase(
        label: "stray closing parenthesis",
        text: "invariant isolation\n{\n  a and b)\n}\n",
        rendered: "Properties/bad.prop:3:10: error: ')' has no matching '('\n  a and b)\n         ^"),
    BadFileCase(
        label: "unexpected token",
        text: "invariant isolation\n{\n  a and )\n}\n",
        rendered: "Properties/bad.prop:3:9: error: expected an expression, found ')'\n  a and )\n        ^"),
    BadFileCase(
        label: "trailing tokens",
        text: "invariant isolation\n{\n  a\n}\ninvariant other { b }\n",
        rendered: "Properties/bad.prop:5:1: error: unexpected 'invariant' after the end of the property\ninvariant other { b }\n^\nhint: a file holds exactly one property"),
    BadFileCase(
        label: "integer too large",
        text: "invariant isolation\n{\n  n.size <= 99999999999999999999\n}\n",
        rendered: "Properties/bad.prop:3:13: error: integer '99999999999999999999' is too large\n  n.size <= 99999999999999999999\n            ^\nhint: integers must fit in 64 bits (at most 9223372036854775807)"),
    BadFileCase(
        label: "unknown character",
        text: "invariant isolation\n{\n  f.gfp has $GFP\n}\n",
        rendered: "Properties/bad.prop:3:13: error: unexpected character '$'\n  f.gfp has $GFP\n            ^"),
    BadFileCase(
        label: "control character",
        text: "invariant isolation\n{\n\tf.gfp has \u{7}GFP\n}\n",
        rendered: "Properties/bad.prop:3:12: error: unexpected character U+0007\n f.gfp has \u{FFFD}GFP\n           ^"),
    BadFileCase(
        label: "comparison chain",
        text: "invariant isolation\n{\n  0 <= n.used < n.capacity\n}\n",
        rendered: "Properties/bad.prop:3:15: error: comparisons do not chain; use 'and'\n  0 <= n.used < n.capacity\n              ^\nhint: write 'a < b and b < c'"),
    BadFileCase(
        label: "single equals",
        text: "invariant isolation\n{\n  f.nid = 1\n}\n",
        rendered: "Properties/bad.prop:3:9: error: '=' is not a comparison\n  f.nid = 1\n        ^\nhint: use '==' to compare"),
    BadFileCase(
        label: "let without in",
        text: "invariant isolation\n{\n  let x = f.nid x == 1\n}\n",
        rendered: "Properties/bad.prop:3:17: error: expected 'in' after the value of 'let x', found 'x'\n  let x = f.nid x == 1\n                ^\nhint: write 'let NAME = VALUE in EXPR'"),
    BadFileCase(
        label: "missing quantifier colon",
        text: "invariant isolation\n  design v4\n{\n    forall f in folios where f.in_use f.nid == 1\n}\n",
        rendered: "Properties/bad.prop:4:39: error: expected ':' after the quantifier's range\n    forall f in folios where f.in_use f.nid == 1\n                                      ^\nhint: write 'forall VAR in SET where COND: EXPR'"),
    BadFileCase(
        label: "missing sum colon",
        text: "invariant isolation\n{\n  sum f in folios f.size <= 10\n}\n",
        rendered: "Properties/bad.prop:3:19: error: expected ':' after the sum's range\n  sum f in folios f.size <= 10\n                  ^\nhint: write 'sum VAR in SET where COND: EXPR'"),
    BadFileCase(
        label: "keyword as field",
        text: "invariant isolation\n{\n  n.count > 0\n}\n",
        rendered: "Properties/bad.prop:3:5: error: expected a field name after '.', found 'count'\n  n.count > 0\n    ^\nhint: 'count' is a keyword and cannot be used as a name"),
    BadFileCase(
        label: "let as operand",
        text: "invariant isolation\n{\n  a and let x = 1 in x\n}\n",
        rendered: "Properties/bad.prop:3:9: error: expected an expression, found 'let'\n  a and let x = 1 in x\n        ^\nhint: a 'let' inside an operator needs parentheses: (let x = ... in ...)"),
    BadFileCase(
        label: "missing operator",
        text: "invariant isolation\n{\n  a b\n}\n",
        rendered: "Properties/bad.prop:3:5: error: expected '}' to end the body of 'isolation', found 'b'\n  a b\n    ^\nhint: is an operator such as 'and' missing?"),
    BadFileCase(
        label: "malformed integer",
        text: "invariant isolation\n{\n  12abc == 1\n}\n",
        rendered: "Properties/bad.prop:3:3: error: malformed integer '12abc'\n  12abc == 1\n  ^\nhint: integers are decimal (42) or hexadecimal (0x2a); a name cannot start with a digit"),
]

@Test(arguments: badFileCases)
func badFileRendersPinnedDiagnostic(_ badFile: BadFileCase) {
    do {
        let parsed = try PropertyParser.parse(badFile.text, file: "Properties/bad.prop")
        Issue.record("parsed unexpectedly: \(parsed)")
    } catch {
        #expect(error.description == badFile.rendered)
    }
}

@Test func nonUTF8BytesAreNotATextFile() {
    let bytes = Data([0x69, 0x6E, 0xFF, 0xFE, 0x00, 0xC3])
    do {
        _ = try PropertyParser.parse(data: bytes, file: "Properties/bin.prop")
        Issue.record("parsed binary garbage")
    } catch {
        #expect(error.description == "Properties/bin.prop:1:1: error: not a text file: the bytes are not UTF-8\n\n^")
    }
}

@Test func renderingReplacesTabsAndControlCharacters() {
    let diagnostic = Diagnostic(
        file: "f.prop", line: 1, column: 3, message: "m", hint: "h", sourceLine: "\ta\u{7}b")
    #expect(diagnostic.description == "f.prop:1:3: error: m\n a\u{FFFD}b\n  ^\nhint: h")
}
