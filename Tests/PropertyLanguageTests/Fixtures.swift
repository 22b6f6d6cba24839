/// The example property files from the language's design brief.
enum Fixtures {
    static let isolation = """
        // Isolation: a folio on a private node got there only through an allocation
        // that carried __GFP_PRIVATE, or through a path the node opted into.
        // Source: RFC v4 cover letter ("No existing allocator path sets __GFP_PRIVATE,
        // so private nodes are unreachable by default").
        invariant isolation
          design v4
        {
          forall f in folios where f.in_use and node[f.nid].N_MEMORY_PRIVATE:
            f.gfp has __GFP_PRIVATE or f.path in {demotion, move_pages}
        }

        """

    static let capacity = """
        // Capacity: a compressed device's real usage never exceeds its real capacity.
        // Source: RFC v4 cover letter ("writes can never cause runaway compression ratio loss").
        invariant capacity
          design v4, v3
          assuming isolation
        {
          forall n in nodes where n.compressed:
            let used = sum f in folios where f.in_use and f.nid == n.nid: f.compressed_size in
            used + n.flush_real + n.stale_real <= n.real_capacity
        }

        """

    static let gate = """
        // A GFP_KERNEL allocation never lands on a private node.
        transition gate
          design v4
        {
          action == alloc and ret >= 0 and not (action.gfp & __GFP_PRIVATE != 0)
            implies not post.node[post.folio[ret].nid].N_MEMORY_PRIVATE
        }

        """

    static let promotionFires = """
        // Witness: a write fault promotes a compressed folio.
        reachable promotion_fires
        {
          exists f in folios: f.in_use and f.path == promotion
        }

        """

    static let all = [isolation, capacity, gate, promotionFires]
}
