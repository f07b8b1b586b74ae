package io.htcengine.spi;

/**
 * Chooses the node for a task (or an allocation) among the UP nodes that match its node selector. The engine
 * indexes nodes by free capacity, so the built-ins answer without scanning every node:
 * <ul>
 *   <li>{@link #bestFit()} (the default) — bin-packing: a fitting node in the fullest utilisation band, so work
 *       consolidates and idle nodes can be released;</li>
 *   <li>{@link #firstFit()} — the fitting node added first;</li>
 *   <li>{@link #spread()} — a fitting node in the least allocated band.</li>
 * </ul>
 * A node's utilisation is the mean, over the resources it has (capacity above zero, slots included), of
 * allocated / capacity; its band is that times 16, rounded down (15 for a full node). Within a band, the node added
 * first wins. A node fits when its free amount of every resource is at least the request's.
 *
 * <p>A custom policy may use those queries or look at the candidates itself (see {@link NodeCandidates}).
 * Threading: called on the scheduler thread for every placement: keep it fast, never block.
 */
@FunctionalInterface
public interface PlacementPolicy {
    /** @return the chosen candidate's id, or -1 to leave the task waiting (it must fit the node chosen). */
    int choose(PlacementRequest request, NodeCandidates candidates);

    static PlacementPolicy bestFit() {
        return Builtin.BEST_FIT;
    }

    static PlacementPolicy firstFit() {
        return Builtin.FIRST_FIT;
    }

    static PlacementPolicy spread() {
        return Builtin.SPREAD;
    }

    /** The built-in policies. */
    enum Builtin implements PlacementPolicy {
        BEST_FIT {
            @Override
            public int choose(PlacementRequest request, NodeCandidates candidates) {
                return candidates.bestFit();
            }
        },
        FIRST_FIT {
            @Override
            public int choose(PlacementRequest request, NodeCandidates candidates) {
                return candidates.firstFit();
            }
        },
        SPREAD {
            @Override
            public int choose(PlacementRequest request, NodeCandidates candidates) {
                return candidates.spread();
            }
        }
    }
}
