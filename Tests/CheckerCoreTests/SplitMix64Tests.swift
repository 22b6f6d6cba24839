import CheckerCore
import Testing

/// SplitMix64 is the only source of randomness; its outputs are pinned so
/// that a seed means the same walk on every machine and every version.
@Test func splitMixOutputsArePinned() {
    var rng = SplitMix64(seed: 0)
    #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
    #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    #expect(rng.next() == 0x06C4_5D18_8009_454F)
}

@Test func verdictExitStatusesFollowTheContract() {
    #expect(Verdict.holds.exitStatus == 0)
    #expect(Verdict.violated.exitStatus == 1)
    #expect(Verdict.incomplete.exitStatus == 2)
    #expect(Verdict.unknown.exitStatus == 2)
}
