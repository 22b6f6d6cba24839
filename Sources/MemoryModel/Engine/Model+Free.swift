/// Freeing folios: `folio_put()` with a private node's `free_folio` callback
/// (RFC v4 10/27) and CRAM's scrub-before-reuse (23, 27/27).
extension Model {
    /// Frees the page a folio occupied on node `nid`, holding `size` real units.
    ///
    /// CRAM's `cram_free_folio_cb` hands the page to the driver's flush
    /// buffer (the driver takes a reference; a kthread has the device zero
    /// it and puts it), or, with the buffer full, zeroes it on the CPU before
    /// the buddy allocator gets it. Without a CRAM node the page is zeroed
    /// and freed. v3 only notifies (`page_freed`): the page's data stays on
    /// the device until it is overwritten [I].
    func freePage<A: ValueAlgebra>(_ s: inout ModelState<A>, nid: A.Num, size: A.Num, _ a: A) {
        for n in 0..<nodeCount where isCompressed(n) {
            s.node[n].when(nid == n) { node in
                if design == .v3 {
                    node.stale_real = staleAfterFree(node.stale_real, size, n, a)
                    return
                }
                guard isCRAM(n) else { return }
                let callback = node.ops && node.node_private == 1 && node.cram
                if has(.noScrubOnFree) {
                    node.when(callback) { $0.stale_real = staleAfterFree($0.stale_real, size, n, a) }
                    return
                }
                let deferred = callback && node.flush_pages < scope.flushBuffer
                node.when(deferred) { node in
                    node.flush_pages = node.flush_pages + 1
                    node.flush_real = node.flush_real + size
                }
            }
        }
    }

    /// Real units held by unscrubbed free pages after one more is freed.
    ///
    /// Saturates one page above the device's real capacity: past capacity
    /// the capacity property already fails, and the model stays finite
    /// (the buddy allocator's reuse of stale pages is not modelled).
    func staleAfterFree<A: ValueAlgebra>(_ stale: A.Num, _ size: A.Num, _ n: Int, _ a: A) -> A.Num {
        let cap = (device(n)?.realCapacity ?? 0) + scope.pageUnits
        let sum = stale + size
        return ite(sum <= cap, sum, a.num(cap))
    }

    /// `folio_put()` of the last reference: unmap, unpin, free.
    func folioPut<A: ValueAlgebra>(_ s: inout ModelState<A>, folio f: Int, _ a: A) -> A.Bit {
        let folio = s.folio[f]
        let enabled = folio.in_use && !busy(s, f, a)
        freePage(&s, nid: folio.nid, size: folio.compressed_size, a)
        s.folio[f] = FolioState(a)
        return enabled
    }

    /// The CRAM flush kthread: the device zeroes the buffered pages
    /// (CXL Media-Ops-Zero) and the driver puts them; the second free finds
    /// `flush_record` set and returns them to the buddy allocator.
    func cramFlushWork<A: ValueAlgebra>(_ s: inout ModelState<A>, nid n: Int, _ a: A) -> A.Bit {
        let enabled = 0 < s.node[n].flush_pages
        s.node[n].flush_pages = a.num(0)
        s.node[n].flush_real = a.num(0)
        return enabled
    }
}
