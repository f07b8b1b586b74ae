package io.htcengine.internal.cluster;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Nodes indexed by their free capacity, so that placement finds a node that fits a request without scanning every
 * node. <b>Loop only</b>: one thread (the scheduler loop) owns an index; nothing here is thread-safe.
 *
 * <h2>Definitions</h2>
 * A resource vector is a {@code long[]} of {@code dims} dimensions (fixed at construction, {@code >= 1}) (for example slots, CPU millicores, memory
 * bytes, GPUs, storage bytes), every value {@code >= 0}. Each node has a capacity vector and a free vector with
 * {@code free_d <= capacity_d}. Node ids are small non-negative ints chosen by the caller, and may be reused after
 * {@link #remove}.
 * <ul>
 *   <li><b>fits</b>: a request fits a node when {@code free_d >= request_d} for every dimension {@code d}.</li>
 *   <li><b>utilisation</b> {@code u(node)}: the mean, over the dimensions with {@code capacity_d > 0}, of
 *       {@code (capacity_d - free_d) / capacity_d}; {@code 0} if no dimension has capacity.</li>
 *   <li><b>band</b> {@code band(node) = min(BANDS - 1, floor(u * BANDS))}, with {@link #BANDS} {@code = 16}: band 0
 *       holds nodes less than 1/16 allocated, band 15 those at least 15/16 allocated. The band is computed exactly,
 *       as with rational numbers: a node exactly 1/16 allocated is in band 1, whatever floating point would round
 *       it to.</li>
 *   <li>{@link #firstFit}: the lowest node id that fits.</li>
 *   <li>{@link #bestFit}: consolidation ("best-fit bin-packing"): among the bands that hold a fitting node, the
 *       highest (fullest); within it, the lowest fitting node id.</li>
 *   <li>{@link #spread}: among the bands that hold a fitting node, the lowest (least allocated); within it, the
 *       lowest fitting node id.</li>
 * </ul>
 * Each query returns {@code -1} when no node fits.
 *
 * <h2>Design</h2>
 * One segment tree (a tournament tree over node ids) per band, built when the band first gets a node, and one over
 * all nodes for {@link #firstFit}. A leaf holds its node's free vector, or {@code -1} in every dimension when the node
 * is absent (so nothing fits it, as requests are {@code >= 0}); an inner tree node holds the per-dimension maximum
 * over its subtree. Tree node {@code i}'s dimension {@code d} is at {@code [i * dims + d]} of one flat
 * {@code long[]}; the root is 1 and the leaf of node {@code n} is {@code leafCount + n}. The leftmost fitting leaf
 * is found by descending from the root into the leftmost child whose maxima dominate the request; as the maxima of
 * different dimensions may come from different leaves, a dominated subtree can still hold no fitting leaf, and the
 * search then backtracks to the next dominated right sibling. {@link #bestFit} and {@link #spread} try the bands in
 * their order, each band's root first (a failed root costs {@code O(dims)}). {@link #updateFree} recomputes the
 * node's band and rewrites the leaf-to-root path in the tree over all nodes and in the band's tree, or, if the band
 * changed, clears the leaf in the old band's tree and sets it in the new one: {@code O(dims * log n)}, stopping early
 * where an inner node's maxima do not change. The arrays start small and double as node ids grow; put, updateFree and
 * the queries allocate nothing (but for a band exactly on a boundary with non-dyadic ratios, see
 * {@link #bandOf}).
 */
public final class FitIndex {
    /** The number of utilisation bands. */
    public static final int BANDS = 16;

    private static final int INITIAL_LEAVES = 16;
    /** Far above the rounding error of the floating-point utilisation, far below the gap between two bands. */
    private static final double BOUNDARY_MARGIN = 1e-6;
    private static final long MAX_EXACT_DOUBLE = 1L << 53;
    private static final byte ABSENT = -1;

    private final int dims;
    private int leafCount;
    private int size;
    /** Capacity of node {@code n}, dimension {@code d}, at {@code [n * dims + d]}. */
    private long[] capacity;
    /** {@code 1.0 / capacity}, or 0 where the capacity is 0. */
    private double[] inverseCapacity;
    /** {@code BANDS / k}, k the number of dimensions with capacity, or 0 where k is 0. */
    private double[] bandScale;
    /** Each node's band, or {@link #ABSENT}. */
    private byte[] band;
    /** The tree over all nodes. */
    private long[] all;
    /** One tree per band, or null until the band first gets a node. */
    private final long[][] bandTrees = new long[BANDS][];

    /**
     * @param dims the number of dimensions of every resource vector, {@code >= 1}
     */
    public FitIndex(int dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1: " + dims);
        }
        this.dims = dims;
        leafCount = INITIAL_LEAVES;
        capacity = new long[leafCount * dims];
        inverseCapacity = new double[leafCount * dims];
        bandScale = new double[leafCount];
        band = new byte[leafCount];
        Arrays.fill(band, ABSENT);
        all = newTree(leafCount);
    }

    /**
     * Inserts the node, or updates it if present: copies free and capacity (both length dims,
     * free_d <= capacity_d, all >= 0).
     *
     * @throws IllegalArgumentException naming the bad parameter
     */
    public void put(int node, long[] free, long[] capacity) {
        requireNodeId(node);
        requireVector("free", free);
        requireVector("capacity", capacity);
        for (int d = 0; d < dims; d++) {
            if (free[d] > capacity[d]) {
                throw new IllegalArgumentException("free[" + d + "] = " + free[d] + " exceeds capacity[" + d + "] = "
                    + capacity[d] + " for node " + node);
            }
        }
        if (node >= leafCount) {
            grow(node);
        }
        int base = node * dims;
        int withCapacity = 0;
        for (int d = 0; d < dims; d++) {
            long c = capacity[d];
            this.capacity[base + d] = c;
            inverseCapacity[base + d] = c > 0 ? 1.0 / c : 0.0;
            if (c > 0) {
                withCapacity++;
            }
        }
        bandScale[node] = withCapacity == 0 ? 0.0 : (double) BANDS / withCapacity;
        if (band[node] == ABSENT) {
            size++;
        }
        place(node, free);
    }

    /**
     * Updates only the free vector of a present node (the hot path after an allocation or release). The vector
     * (length dims, {@code 0 <= free_d <= capacity_d}) is checked only under {@code -ea}.
     *
     * @throws IllegalArgumentException if the node is not in the index
     */
    public void updateFree(int node, long[] free) {
        if (!contains(node)) {
            throw new IllegalArgumentException("node " + node + " is not in the index");
        }
        assert validFree(node, free) : "free must have " + dims + " values within 0 and the node's capacity";
        place(node, free);
    }

    /**
     * Removes the node; a no-op if it is absent.
     *
     * @throws IllegalArgumentException if node is negative
     */
    public void remove(int node) {
        requireNodeId(node);
        if (!contains(node)) {
            return;
        }
        clearLeaf(all, node);
        clearLeaf(bandTrees[band[node]], node);
        band[node] = ABSENT;
        size--;
    }

    /** @return whether the node is in the index (false for a negative id) */
    public boolean contains(int node) {
        return node >= 0 && node < leafCount && band[node] != ABSENT;
    }

    /** @return the number of nodes in the index */
    public int size() {
        return size;
    }

    /**
     * @param request length dims, every value {@code >= 0}
     * @return the lowest node id that fits, or -1.
     */
    public int firstFit(long[] request) {
        requireVector("request", request);
        return fits(all, 1, request) ? leftmostFit(all, request) : -1;
    }

    /**
     * @param request length dims, every value {@code >= 0}
     * @return a node in the HIGHEST utilisation band that has a fitting node; among those, the lowest id; or -1.
     */
    public int bestFit(long[] request) {
        requireVector("request", request);
        for (int b = BANDS - 1; b >= 0; b--) {
            long[] tree = bandTrees[b];
            if (tree != null && fits(tree, 1, request)) {
                int node = leftmostFit(tree, request);
                if (node >= 0) {
                    return node;
                }
            }
        }
        return -1;
    }

    /**
     * @param request length dims, every value {@code >= 0}
     * @return a node in the LOWEST utilisation band that has a fitting node; among those, the lowest id; or -1.
     */
    public int spread(long[] request) {
        requireVector("request", request);
        for (int b = 0; b < BANDS; b++) {
            long[] tree = bandTrees[b];
            if (tree != null && fits(tree, 1, request)) {
                int node = leftmostFit(tree, request);
                if (node >= 0) {
                    return node;
                }
            }
        }
        return -1;
    }

    /** @return the node's band, or -1 if absent (for tests) */
    int band(int node) {
        return contains(node) ? band[node] : -1;
    }

    /** Writes a present node's free vector (capacity already stored) into the trees, moving it between bands. */
    private void place(int node, long[] free) {
        int newBand = bandOf(node, free);
        int oldBand = band[node];
        setLeaf(all, node, free);
        if (oldBand != newBand && oldBand != ABSENT) {
            clearLeaf(bandTrees[oldBand], node);
        }
        long[] tree = bandTrees[newBand];
        if (tree == null) {
            tree = newTree(leafCount);
            bandTrees[newBand] = tree;
        }
        setLeaf(tree, node, free);
        band[node] = (byte) newBand;
    }

    /**
     * The band of a node whose capacity is stored, for the given free vector. Floating point first; only when that
     * lands within {@link #BOUNDARY_MARGIN} of a band boundary is the boundary decided exactly: with doubles when
     * every ratio is dyadic (the usual case: round capacities) and their sum is exact, else with {@link BigInteger}
     * fractions, the one case that allocates.
     */
    int bandOf(int node, long[] free) {
        double scale = bandScale[node];
        if (scale == 0.0) {
            return 0;
        }
        int base = node * dims;
        double sum = 0.0;
        for (int d = 0; d < dims; d++) {
            sum += (double) (capacity[base + d] - free[d]) * inverseCapacity[base + d];
        }
        double x = sum * scale;
        double nearest = Math.rint(x);
        if (Math.abs(x - nearest) > BOUNDARY_MARGIN) {
            return Math.min(BANDS - 1, (int) x);
        }
        int boundary = (int) nearest;
        if (boundary == 0) {
            return 0;
        }
        if (boundary >= BANDS) {
            return BANDS - 1;
        }
        return reachesBoundary(node, free, boundary) ? boundary : boundary - 1;
    }

    /** @return exactly whether {@code u * BANDS >= boundary}, i.e. {@code BANDS * sum_d used_d / cap_d >= boundary * k} */
    private boolean reachesBoundary(int node, long[] free, int boundary) {
        int base = node * dims;
        int withCapacity = 0;
        double sum = 0.0;
        boolean exact = true;
        for (int d = 0; d < dims && exact; d++) {
            long c = capacity[base + d];
            if (c == 0) {
                continue;
            }
            withCapacity++;
            long used = c - free[d];
            // used / c is a double exactly when the odd part of c divides used (and both are exact doubles).
            exact = c <= MAX_EXACT_DOUBLE && used % (c >>> Long.numberOfTrailingZeros(c)) == 0;
            double term = (double) used / c;
            double next = sum + term; // TwoSum: the rounding error of sum + term is zero exactly when err is.
            double termPart = next - sum;
            double err = (sum - (next - termPart)) + (term - termPart);
            exact &= err == 0.0;
            sum = next;
        }
        if (exact) {
            return sum * BANDS >= (double) boundary * withCapacity;
        }
        return reachesBoundaryBig(node, free, boundary);
    }

    private boolean reachesBoundaryBig(int node, long[] free, int boundary) {
        int base = node * dims;
        int withCapacity = 0;
        BigInteger numerator = BigInteger.ZERO;
        BigInteger denominator = BigInteger.ONE;
        for (int d = 0; d < dims; d++) {
            long c = capacity[base + d];
            if (c == 0) {
                continue;
            }
            withCapacity++;
            BigInteger cap = BigInteger.valueOf(c);
            numerator = numerator.multiply(cap).add(BigInteger.valueOf(c - free[d]).multiply(denominator));
            denominator = denominator.multiply(cap);
        }
        return numerator.multiply(BigInteger.valueOf(BANDS))
            .compareTo(denominator.multiply(BigInteger.valueOf((long) boundary * withCapacity))) >= 0;
    }

    /** @return whether tree node i's maxima dominate the request */
    private boolean fits(long[] tree, int i, long[] request) {
        int base = i * dims;
        for (int d = 0; d < dims; d++) {
            if (tree[base + d] < request[d]) {
                return false;
            }
        }
        return true;
    }

    /** @return the leftmost leaf that fits, given that the root dominates the request; or -1 */
    private int leftmostFit(long[] tree, long[] request) {
        int leaves = leafCount;
        int i = 1;
        while (i < leaves) {
            int left = i << 1;
            if (fits(tree, left, request)) {
                i = left;
            } else if (fits(tree, left + 1, request)) {
                i = left + 1;
            } else {
                // A dead end: climb to the nearest left child whose right sibling dominates, and go there.
                while (true) {
                    if (i == 1) {
                        return -1;
                    }
                    if ((i & 1) == 0 && fits(tree, i + 1, request)) {
                        i++;
                        break;
                    }
                    i >>>= 1;
                }
            }
        }
        return i - leaves;
    }

    private void setLeaf(long[] tree, int node, long[] values) {
        int i = leafCount + node;
        System.arraycopy(values, 0, tree, i * dims, dims);
        propagate(tree, i);
    }

    private void clearLeaf(long[] tree, int node) {
        int i = leafCount + node;
        Arrays.fill(tree, i * dims, i * dims + dims, -1L);
        propagate(tree, i);
    }

    /** Recomputes the maxima on the path from tree node i up to the root, stopping where nothing changes. */
    private void propagate(long[] tree, int i) {
        int dims = this.dims;
        while (i > 1) {
            int parent = i >>> 1;
            int left = (parent << 1) * dims;
            int right = left + dims;
            int at = parent * dims;
            boolean changed = false;
            for (int d = 0; d < dims; d++) {
                long max = Math.max(tree[left + d], tree[right + d]);
                if (tree[at + d] != max) {
                    tree[at + d] = max;
                    changed = true;
                }
            }
            if (!changed) {
                return;
            }
            i = parent;
        }
    }

    private long[] newTree(int leaves) {
        long[] tree = new long[2 * leaves * dims];
        Arrays.fill(tree, -1L);
        return tree;
    }

    /** Doubles the leaf count until node fits, rebuilding every tree. */
    private void grow(int node) {
        long leaves = leafCount;
        while (leaves <= node) {
            leaves <<= 1;
        }
        if (2 * leaves * dims > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("node " + node + " is too large for an index of " + dims
                + " dimensions (node ids are meant to be dense)");
        }
        int oldLeaves = leafCount;
        int newLeaves = (int) leaves;
        capacity = Arrays.copyOf(capacity, newLeaves * dims);
        inverseCapacity = Arrays.copyOf(inverseCapacity, newLeaves * dims);
        bandScale = Arrays.copyOf(bandScale, newLeaves);
        band = Arrays.copyOf(band, newLeaves);
        Arrays.fill(band, oldLeaves, newLeaves, ABSENT);
        leafCount = newLeaves;
        all = rebuilt(all, oldLeaves, newLeaves);
        for (int b = 0; b < BANDS; b++) {
            if (bandTrees[b] != null) {
                bandTrees[b] = rebuilt(bandTrees[b], oldLeaves, newLeaves);
            }
        }
    }

    private long[] rebuilt(long[] old, int oldLeaves, int newLeaves) {
        long[] tree = newTree(newLeaves);
        System.arraycopy(old, oldLeaves * dims, tree, newLeaves * dims, oldLeaves * dims);
        for (int i = newLeaves - 1; i >= 1; i--) {
            int left = (i << 1) * dims;
            for (int d = 0; d < dims; d++) {
                tree[i * dims + d] = Math.max(tree[left + d], tree[left + dims + d]);
            }
        }
        return tree;
    }

    private static void requireNodeId(int node) {
        if (node < 0) {
            throw new IllegalArgumentException("node must be >= 0: " + node);
        }
    }

    private void requireVector(String name, long[] vector) {
        if (vector == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (vector.length != dims) {
            throw new IllegalArgumentException(name + " must have " + dims + " dimensions, not " + vector.length);
        }
        for (int d = 0; d < dims; d++) {
            if (vector[d] < 0) {
                throw new IllegalArgumentException(name + "[" + d + "] must be >= 0: " + vector[d]);
            }
        }
    }

    private boolean validFree(int node, long[] free) {
        if (free == null || free.length != dims) {
            return false;
        }
        for (int d = 0; d < dims; d++) {
            if (free[d] < 0 || free[d] > capacity[node * dims + d]) {
                return false;
            }
        }
        return true;
    }
}
