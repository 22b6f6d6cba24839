import Foundation
import Testing

@testable import PropertyLanguage

/// One file that parses but does not check, and the exact diagnostic it gets.
struct TypeErrorCase: CustomTestStringConvertible, Sendable {
    var label: String
    var name: String
    var text: String
    var rendered: String
    var testDescription: String { label }
}

/// Names resolved against the engine and the design, kinds of values, and
/// the library's own rules (the file's name, its opening comment): each bad
/// file gets exactly one diagnostic, pinned here.
let typeErrorCases: [TypeErrorCase] = [
    TypeErrorCase(
        label: "unknown field with a suggestion", name: "unknown_field",
        text: "// A property for a test.\n// Source: the test.\ninvariant unknown_field\n{\n  forall f in folios: f.inuse\n}\n",
        rendered: "Properties/unknown_field.prop:5:25: error: a folio has no field 'inuse'\n  forall f in folios: f.inuse\n                        ^\nhint: did you mean 'in_use'?"),
    TypeErrorCase(
        label: "unknown flag with a suggestion", name: "unknown_flag",
        text: "// A property for a test.\n// Source: the test.\ninvariant unknown_flag\n  design v4\n{\n  forall f in folios where f.in_use: f.gfp has __GFP_PRIVAT\n}\n",
        rendered: "Properties/unknown_flag.prop:6:48: error: unknown flag '__GFP_PRIVAT'\n  forall f in folios where f.in_use: f.gfp has __GFP_PRIVAT\n                                               ^\nhint: did you mean '__GFP_PRIVATE'?"),
    TypeErrorCase(
        label: "flag of the wrong kind", name: "wrong_flag_kind",
        text: "// A property for a test.\n// Source: the test.\ninvariant wrong_flag_kind\n{\n  forall n in nodes: n.ops_flags has __GFP_PRIVATE\n}\n",
        rendered: "Properties/wrong_flag_kind.prop:5:38: error: '__GFP_PRIVATE' is a gfp mask, but the left side of 'has' is NP_OPS flags\n  forall n in nodes: n.ops_flags has __GFP_PRIVATE\n                                     ^\nhint: NP_OPS flags take NP_OPS_* names"),
    TypeErrorCase(
        label: "type mismatch in a comparison", name: "type_mismatch",
        text: "// A property for a test.\n// Source: the test.\ninvariant type_mismatch\n{\n  forall f in folios: f.nid == f.in_use\n}\n",
        rendered: "Properties/type_mismatch.prop:5:23: error: cannot compare an integer with a boolean\n  forall f in folios: f.nid == f.in_use\n                      ^"),
    TypeErrorCase(
        label: "body that is not a condition", name: "not_a_condition",
        text: "// A property for a test.\n// Source: the test.\ninvariant not_a_condition\n{\n  count f in folios where f.in_use\n}\n",
        rendered: "Properties/not_a_condition.prop:5:3: error: the body of 'not_a_condition' must be a condition, but this is an integer\n  count f in folios where f.in_use\n  ^\nhint: compare it: '== 0', '> 0'"),
    TypeErrorCase(
        label: "quantifier over an unknown set", name: "unknown_set",
        text: "// A property for a test.\n// Source: the test.\ninvariant unknown_set\n{\n  forall f in folio: f.in_use\n}\n",
        rendered: "Properties/unknown_set.prop:5:15: error: unknown set 'folio'\n  forall f in folio: f.in_use\n              ^\nhint: did you mean 'folios'?"),
    TypeErrorCase(
        label: "unknown path name", name: "unknown_path",
        text: "// A property for a test.\n// Source: the test.\ninvariant unknown_path\n{\n  forall f in folios where f.in_use: f.path != demotoin\n}\n",
        rendered: "Properties/unknown_path.prop:5:48: error: unknown path 'demotoin'\n  forall f in folios where f.in_use: f.path != demotoin\n                                               ^\nhint: did you mean 'demotion'?"),
    TypeErrorCase(
        label: "unknown action name", name: "unknown_action",
        text: "// A property for a test.\n// Source: the test.\ntransition unknown_action\n  design v4\n{\n  action == aloc implies ret >= 0\n}\n",
        rendered: "Properties/unknown_action.prop:6:13: error: 'aloc' is not an action of design v4\n  action == aloc implies ret >= 0\n            ^\nhint: did you mean 'alloc'?"),
    TypeErrorCase(
        label: "action of the other design", name: "other_design_action",
        text: "// A property for a test.\n// Source: the test.\ntransition other_design_action\n  design v3\n{\n  action == node_private_register implies ret == 0\n}\n",
        rendered: "Properties/other_design_action.prop:6:13: error: 'node_private_register' is not an action of design v3\n  action == node_private_register implies ret == 0\n            ^\nhint: 'privcheck list actions --design v3' lists them; write ': ' as '_'"),
    TypeErrorCase(
        label: "quantifier variable read without a state in a transition", name: "stateless_variable",
        text: "// A property for a test.\n// Source: the test.\ntransition stateless_variable\n{\n  forall f in folios: f.in_use\n}\n",
        rendered: "Properties/stateless_variable.prop:5:23: error: 'f' names a folio, not its state before or after the step\n  forall f in folios: f.in_use\n                      ^\nhint: write pre.folio[f].in_use or post.folio[f].in_use"),
    TypeErrorCase(
        label: "pre in an invariant", name: "pre_in_invariant",
        text: "// A property for a test.\n// Source: the test.\ninvariant pre_in_invariant\n{\n  pre.node[0].N_MEMORY\n}\n",
        rendered: "Properties/pre_in_invariant.prop:5:3: error: 'pre' exists only in a transition property\n  pre.node[0].N_MEMORY\n  ^\nhint: an invariant looks at one state: read node[...], folio[...], task[...]"),
    TypeErrorCase(
        label: "unknown design", name: "unknown_design",
        text: "// A property for a test.\n// Source: the test.\ninvariant unknown_design\n  design v5\n{\n  true\n}\n",
        rendered: "Properties/unknown_design.prop:4:10: error: unknown design 'v5'\n  design v5\n         ^\nhint: did you mean 'v4'?"),
    TypeErrorCase(
        label: "product of two fields", name: "nonlinear",
        text: "// A property for a test.\n// Source: the test.\ninvariant nonlinear\n{\n  forall n in nodes: n.pressure * n.refcount <= 1000\n}\n",
        rendered: "Properties/nonlinear.prop:5:22: error: '*' needs a constant on one side\n  forall n in nodes: n.pressure * n.refcount <= 1000\n                     ^\nhint: the prover's arithmetic is linear: multiply by a number, not by a field"),
    TypeErrorCase(
        label: "node array indexed by a folio", name: "wrong_index",
        text: "// A property for a test.\n// Source: the test.\ninvariant wrong_index\n{\n  forall f in folios: node[f].N_MEMORY\n}\n",
        rendered: "Properties/wrong_index.prop:5:28: error: a folio cannot index the node array\n  forall f in folios: node[f].N_MEMORY\n                           ^\nhint: a folio's node is node[f.nid]"),
    TypeErrorCase(
        label: "has on an integer", name: "has_on_integer",
        text: "// A property for a test.\n// Source: the test.\ninvariant has_on_integer\n{\n  forall f in folios: f.nid has __GFP_PRIVATE\n}\n",
        rendered: "Properties/has_on_integer.prop:5:23: error: 'has' tests the bits of a mask, but this is an integer\n  forall f in folios: f.nid has __GFP_PRIVATE\n                      ^\nhint: write 'f.gfp has __GFP_PRIVATE' or 'n.ops_flags has NP_OPS_MIGRATION'"),
    TypeErrorCase(
        label: "node state quantifier in a transition", name: "node_state_in_transition",
        text: "// A property for a test.\n// Source: the test.\ntransition node_state_in_transition\n{\n  forall n in N_MEMORY: pre.node[n].kswapd\n}\n",
        rendered: "Properties/node_state_in_transition.prop:5:15: error: 'N_MEMORY' differs between the states of a step\n  forall n in N_MEMORY: pre.node[n].kswapd\n              ^\nhint: write 'forall n in nodes where pre.node[n].N_MEMORY: ...'"),
    TypeErrorCase(
        label: "misspelled array", name: "misspelled_array",
        text: "// A property for a test.\n// Source: the test.\ninvariant misspelled_array\n{\n  folo[0].in_use\n}\n",
        rendered: "Properties/misspelled_array.prop:5:3: error: unknown name 'folo'\n  folo[0].in_use\n  ^\nhint: did you mean 'folio'?"),
    TypeErrorCase(
        label: "unknown action argument", name: "unknown_argument",
        text: "// A property for a test.\n// Source: the test.\ntransition unknown_argument\n{\n  action.nod >= 0\n}\n",
        rendered: "Properties/unknown_argument.prop:5:10: error: an action has no argument 'nod'\n  action.nod >= 0\n         ^\nhint: did you mean 'nid'?"),
    TypeErrorCase(
        label: "no opening comment", name: "no_comment",
        text: "invariant no_comment\n{\n  true\n}\n",
        rendered: "Properties/no_comment.prop:1:1: error: the property has no opening comment\ninvariant no_comment\n^\nhint: open the file with '// ' lines that state the property in English and end with 'Source: ...' (the patch or document that promises it)"),
    TypeErrorCase(
        label: "opening comment without a source", name: "no_source",
        text: "// Says what it means.\ninvariant no_source\n{\n  true\n}\n",
        rendered: "Properties/no_source.prop:2:1: error: the opening comment does not cite its source\ninvariant no_source\n^\nhint: open the file with '// ' lines that state the property in English and end with 'Source: ...' (the patch or document that promises it)"),
    TypeErrorCase(
        label: "file named differently from the property", name: "misnamed",
        text: "// A property for a test.\n// Source: the test.\ninvariant isolation\n{\n  true\n}\n",
        rendered: "Properties/misnamed.prop:3:11: error: the property is named 'isolation' but its file is 'misnamed.prop'\ninvariant isolation\n          ^\nhint: name the file 'isolation.prop': a property's name is its file's"),
    TypeErrorCase(
        label: "number too large", name: "too_large",
        text: "// A property for a test.\n// Source: the test.\ninvariant too_large\n{\n  forall n in nodes: n.pressure < 99999999999\n}\n",
        rendered: "Properties/too_large.prop:5:35: error: the number 99999999999 is too large\n  forall n in nodes: n.pressure < 99999999999\n                                  ^\nhint: numbers in properties fit in 32 bits"),
]

@Test(arguments: typeErrorCases)
func typeErrorDiagnostic(_ bad: TypeErrorCase) {
    do {
        let loaded = try PropertyLibrary.load(data: Data(bad.text.utf8), path: "Properties/\(bad.name).prop")
        Issue.record("expected a diagnostic, but \(loaded.name) checked")
    } catch {
        #expect(error.description == bad.rendered)
    }
}

@Test func thereAreAtLeastTwelveTypeErrorCases() {
    #expect(typeErrorCases.count >= 12)
}

@Test func unknownHelperInvariantIsReported() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("privcheck-assuming-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = "// Needs a helper.\n// Source: the test.\ninvariant needs_helper\n  assuming isolaton\n{\n  true\n}\n"
    let path = directory.appendingPathComponent("needs_helper.prop").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let isolation = directory.appendingPathComponent("isolation.prop").path
    try "// Helper.\n// Source: the test.\ninvariant isolation\n{\n  true\n}\n".write(toFile: isolation, atomically: true, encoding: .utf8)
    let (properties, diagnostics) = PropertyLibrary.load(paths: [isolation, path])
    #expect(properties.map(\.name) == ["isolation"])
    #expect(diagnostics.map { $0.description.replacing(directory.path, with: "DIR") } == [
        "DIR/needs_helper.prop:4:12: error: 'isolaton' is not a property in the library\n  assuming isolaton\n           ^\nhint: did you mean 'isolation'?",
    ])
}
