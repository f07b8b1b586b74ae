package io.htcengine.internal.cluster;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Nodes indexed by their free capacity, so that placement finds a node that fits a request without scanning every
 * node. <b>Loop only</b>: one thread (the scheduler loop) owns an index; nothing here is thread-safe.
 *
 * <h2>Definitions</h2>
 * A resource vector is a {@code long[]} of {@code dims} dimensions, fixed at construction (for example slots, CPU
 * millicores, memory bytes, GPUs, storage bytes), every value {@code >= 0}. Each node has a capacity vector and a
 * free vector with {@code free_d <= capacity_d}. Node ids are small non-negative ints chosen by the caller (the arrays
 * are sized by the largest id), and may be reused after {@link #remove}.
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
 * all nodes for {@link #firstFit}. Every tree node holds, per dimension, the maximum free value over the nodes of its
 * subtree that belong to the tree (all present nodes, or the band's); {@code -1} where there are none, so nothing
 * fits there (requests are {@code >= 0}). Tree node {@code i}'s dimension {@code d} is at {@code [i * dims + d]} of
 * one flat {@code long[]}; the root is 1. A tree leaf is a bucket of {@value #BUCKET} consecutive node ids rather
 * than one node: the nodes' free vectors are stored once, in one array shared by all trees (an absent node's is
 * {@code -1} in every dimension), and a bucket's maxima are recomputed from its {@value #BUCKET} nodes. That makes
 * each tree {@value #BUCKET} times smaller and three levels shorter than one leaf per node, and keeps the trees
 * small enough to stay in cache.
 *
 * <p>The leftmost fitting node is found by descending from the root into the leftmost child whose maxima dominate
 * the request, then scanning the bucket. As the maxima of different dimensions may come from different nodes, a
 * dominated subtree can still hold no fitting node; the search then backtracks to the next dominated right sibling.
 * {@link #bestFit} and {@link #spread} try the bands in their order, each band's root first (a failed root costs
 * {@code O(dims)}). {@link #updateFree} recomputes the node's band, then the node's bucket and its path to the root
 * in the tree over all nodes and in the band's tree, and, if the band changed, in the old band's tree too:
 * {@code O(dims * log n)}, stopping early where a tree node's maxima do not change. The arrays start small and double
 * as node ids grow. Each kind of tree is built when a query first needs it (the tree over all nodes at the first
 * {@link #firstFit}, the band trees at the first {@link #bestFit} or {@link #spread}) and kept from then on, so an
 * index used with one policy maintains only the trees it searches. Apart from those first queries and the doubling,
 * put, updateFree and the queries allocate nothing, but for one rare case: a node whose utilisation lands within
 * {@code 1e-6} of a band boundary with some ratio {@code used_d / capacity_d} not a binary fraction (a capacity of 3
 * CPUs, say) has its band decided with {@link BigInteger} arithmetic.
 */
public final class FitIndex {
    /** The number of utilisation bands. */
    public static final int BANDS = 16;

    /** Node ids per tree leaf. */
    static final int BUCKET = 8;
    private static final int BUCKET_SHIFT = 3;
    private static final int INITIAL_NODES = 16;
    /** Far above the rounding error of the floating-point utilisation, far below the gap between two bands. */
    private static final double BOUNDARY_MARGIN = 1e-6;
    private static final long MAX_EXACT_DOUBLE = 1L << 53;
    private static final byte ABSENT = -1;
    /** Not a band: selects every present node when recomputing a bucket. */
    private static final int ALL = -2;

    private final int dims;
    /** Room for node ids {@code 0 .. nodeCapacity - 1}; a power of two, at least {@link #BUCKET} * 2. */
    private int nodeCapacity;
    /** {@code nodeCapacity / BUCKET}: the leaves of each tree; bucket k's leaf is tree node {@code buckets + k}. */
    private int buckets;
    private int size;
    /** Free vector of node {@code n}, dimension {@code d}, at {@code [n * dims + d]}; -1 if the node is absent. */
    private long[] free;
    /** Capacity of node {@code n}, dimension {@code d}, at {@code [n * dims + d]}. */
    private long[] capacity;
    /** {@code 1.0 / capacity}, or 0 where the capacity is 0. */
    private double[] inverseCapacity;
    /** {@code BANDS / k}, k the number of dimensions with capacity, or 0 where k is 0. */
    private double[] bandScale;
    /** Each node's band, or {@link #ABSENT}. */
    private byte[] band;
    /** The tree over all nodes, or null until the first {@link #firstFit}. */
    private long[] all;
    /** Whether the band trees are kept: from the first {@link #bestFit} or {@link #spread} on. */
    private boolean bandsKept;
    /** One tree per band, or null until the band first gets a node while the band trees are kept. */
    private final long[][] bandTrees = new long[BANDS][];
    /** A bucket's new maxima, while recomputing it. */
    private final long[] scratch;

    /**
     * @param dims the number of dimensions of every resource vector, {@code >= 1}
     */
    public FitIndex(int dims) {
        if (dims < 1) {
            throw new IllegalArgumentException("dims must be >= 1: " + dims);
        }
        this.dims = dims;
        nodeCapacity = INITIAL_NODES;
        buckets = nodeCapacity / BUCKET;
        free = new long[nodeCapacity * dims];
        Arrays.fill(free, -1L);
        capacity = new long[nodeCapacity * dims];
        inverseCapacity = new double[nodeCapacity * dims];
        bandScale = new double[nodeCapacity];
        band = new byte[nodeCapacity];
        Arrays.fill(band, ABSENT);
        scratch = new long[dims];
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
        if (node >= nodeCapacity) {
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
        int oldBand = band[node];
        Arrays.fill(this.free, node * dims, node * dims + dims, -1L);
        band[node] = ABSENT;
        size--;
        int bucket = node >>> BUCKET_SHIFT;
        if (all != null) {
            refresh(all, bucket, ALL);
        }
        if (bandsKept) {
            refresh(bandTrees[oldBand], bucket, oldBand);
        }
    }

    /** @return whether the node is in the index (false for a negative id) */
    public boolean contains(int node) {
        return node >= 0 && node < nodeCapacity && band[node] != ABSENT;
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
        if (all == null) {
            all = rebuilt(ALL);
        }
        return fits(all, 1, request) ? leftmostFit(all, ALL, request) : -1;
    }

    /**
     * @param request length dims, every value {@code >= 0}
     * @return a node in the HIGHEST utilisation band that has a fitting node; among those, the lowest id; or -1.
     */
    public int bestFit(long[] request) {
        requireVector("request", request);
        keepBands();
        for (int b = BANDS - 1; b >= 0; b--) {
            int node = leftmostFitIn(b, request);
            if (node >= 0) {
                return node;
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
        keepBands();
        for (int b = 0; b < BANDS; b++) {
            int node = leftmostFitIn(b, request);
            if (node >= 0) {
                return node;
            }
        }
        return -1;
    }

    /** @return the lowest-id node of band {@code b} that fits {@code request}, or -1. */
    private int leftmostFitIn(int b, long[] request) {
        long[] tree = bandTrees[b];
        return tree != null && fits(tree, 1, request) ? leftmostFit(tree, b, request) : -1;
    }

    /** @return the node's band, or -1 if absent (for tests) */
    int band(int node) {
        return contains(node) ? band[node] : -1;
    }

    /** Writes a node's free vector (its capacity already stored) and updates the trees, moving it between bands. */
    private void place(int node, long[] newFree) {
        int newBand = bandOf(node, newFree);
        int oldBand = band[node];
        System.arraycopy(newFree, 0, free, node * dims, dims);
        band[node] = (byte) newBand;
        int bucket = node >>> BUCKET_SHIFT;
        if (all != null) {
            refresh(all, bucket, ALL);
        }
        if (bandsKept) {
            if (oldBand != newBand && oldBand != ABSENT) {
                refresh(bandTrees[oldBand], bucket, oldBand);
            }
            long[] tree = bandTrees[newBand];
            if (tree == null) {
                tree = newTree();
                bandTrees[newBand] = tree;
            }
            refresh(tree, bucket, newBand);
        }
    }

    /** Builds the trees of the bands that have nodes, and keeps all band trees from now on. */
    private void keepBands() {
        if (bandsKept) {
            return;
        }
        bandsKept = true;
        for (int node = 0; node < nodeCapacity; node++) {
            int b = band[node];
            if (b != ABSENT && bandTrees[b] == null) {
                bandTrees[b] = rebuilt(b);
            }
        }
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

    /** @return exactly whether {@code u * BANDS >= boundary}: {@code BANDS * sum(used_d / cap_d) >= boundary * k} */
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

    /**
     * @param tree  a tree whose root dominates the request
     * @param which the tree's band, or {@link #ALL}
     * @return the lowest node id of the tree that fits, or -1
     */
    private int leftmostFit(long[] tree, int which, long[] request) {
        int leaves = buckets;
        int i = 1;
        while (true) {
            if (i >= leaves) {
                int node = firstFitIn(i - leaves, which, request);
                if (node >= 0) {
                    return node;
                }
            } else {
                int left = i << 1;
                if (fits(tree, left, request)) {
                    i = left;
                    continue;
                }
                if (fits(tree, left + 1, request)) {
                    i = left + 1;
                    continue;
                }
            }
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

    /** @return the lowest node of the bucket that is in the tree and fits, or -1 */
    private int firstFitIn(int bucket, int which, long[] request) {
        int dims = this.dims;
        int first = bucket << BUCKET_SHIFT;
        nodes:
        for (int node = first; node < first + BUCKET; node++) {
            if (which != ALL && band[node] != which) {
                continue;
            }
            int base = node * dims;
            for (int d = 0; d < dims; d++) {
                if (free[base + d] < request[d]) {
                    continue nodes;
                }
            }
            return node;
        }
        return -1;
    }

    /** Recomputes a bucket's maxima in a tree, then its path to the root, stopping where nothing changes. */
    private void refresh(long[] tree, int bucket, int which) {
        if (bucketMaxima(bucket, which, tree, buckets + bucket)) {
            propagate(tree, buckets + bucket);
        }
    }

    /**
     * Writes into tree node {@code leaf} the per-dimension maxima of the bucket's nodes that are in the tree.
     *
     * @return whether any value changed
     */
    private boolean bucketMaxima(int bucket, int which, long[] tree, int leaf) {
        int dims = this.dims;
        long[] max = scratch;
        Arrays.fill(max, -1L);
        int first = bucket << BUCKET_SHIFT;
        for (int node = first; node < first + BUCKET; node++) {
            if (which != ALL && band[node] != which) {
                continue;
            }
            int base = node * dims;
            for (int d = 0; d < dims; d++) {
                max[d] = Math.max(max[d], free[base + d]);
            }
        }
        boolean changed = false;
        int at = leaf * dims;
        for (int d = 0; d < dims; d++) {
            if (tree[at + d] != max[d]) {
                tree[at + d] = max[d];
                changed = true;
            }
        }
        return changed;
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

    /** @return a tree over the current buckets with no node in it */
    private long[] newTree() {
        long[] tree = new long[2 * buckets * dims];
        Arrays.fill(tree, -1L);
        return tree;
    }

    /** Doubles the room for node ids until node fits, rebuilding every tree. */
    private void grow(int node) {
        long room = nodeCapacity;
        while (room <= node) {
            room <<= 1;
        }
        if (room * dims > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("node " + node + " is too large for an index of " + dims
                + " dimensions (node ids are meant to be dense)");
        }
        int oldCapacity = nodeCapacity;
        nodeCapacity = (int) room;
        buckets = nodeCapacity / BUCKET;
        free = Arrays.copyOf(free, nodeCapacity * dims);
        Arrays.fill(free, oldCapacity * dims, nodeCapacity * dims, -1L);
        capacity = Arrays.copyOf(capacity, nodeCapacity * dims);
        inverseCapacity = Arrays.copyOf(inverseCapacity, nodeCapacity * dims);
        bandScale = Arrays.copyOf(bandScale, nodeCapacity);
        band = Arrays.copyOf(band, nodeCapacity);
        Arrays.fill(band, oldCapacity, nodeCapacity, ABSENT);
        if (all != null) {
            all = rebuilt(ALL);
        }
        for (int b = 0; b < BANDS; b++) {
            if (bandTrees[b] != null) {
                bandTrees[b] = rebuilt(b);
            }
        }
    }

    /** @return the tree of the band (or {@link #ALL}) built afresh from the nodes */
    private long[] rebuilt(int which) {
        long[] tree = newTree();
        for (int bucket = 0; bucket < buckets; bucket++) {
            bucketMaxima(bucket, which, tree, buckets + bucket);
        }
        for (int i = buckets - 1; i >= 1; i--) {
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
