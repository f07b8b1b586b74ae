package io.htcengine.spi;

/**
 * The nodes a {@link PlacementPolicy} may choose from for one request: the UP nodes matching its node selector. Node
 * ids are small integers below {@link #idBound()}; ids of nodes that are not candidates answer false to
 * {@link #isCandidate(int)}. A reused view: valid only during the call.
 */
public interface NodeCandidates {
    /** @return the built-in best-fit answer for this request (see {@link PlacementPolicy}), or -1 if none fits. */
    int bestFit();

    /** @return the fitting candidate added first, or -1. */
    int firstFit();

    /** @return the built-in spread answer, or -1. */
    int spread();

    /** @return one more than the largest node id. */
    int idBound();

    boolean isCandidate(int node);

    /** @return whether the request fits the node's free capacity now. */
    boolean fits(int node);

    String name(int node);

    /** @return the node's free amount of the named resource. */
    long free(int node, String resource);

    long capacity(int node, String resource);

    /** @return the node's value for the label, or null. */
    String label(int node, String label);
}
