package io.htcengine.internal.cluster;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FitIndex} against a brute-force model that applies the documented definitions (fits, utilisation, band,
 * and the three policies) by scanning every node, with exact rational arithmetic for the band: random sequences of
 * puts, free updates, removals and queries, every answer compared; then examples at the edges.
 */
class FitIndexProperties {

    /** The reference: node id to (free, capacity), in id order; every query scans all of it. */
    static final class Model {
        final TreeMap<Integer, long[][]> nodes = new TreeMap<>();

        static boolean fits(long[] free, long[] request) {
            for (int d = 0; d < request.length; d++) {
                if (free[d] < request[d]) {
                    return false;
                }
            }
            return true;
        }

        /** min(BANDS - 1, floor(BANDS * u)), u the mean of (cap - free) / cap over dims with cap > 0, exactly. */
        static int band(long[] free, long[] capacity) {
            BigInteger numerator = BigInteger.ZERO;
            BigInteger denominator = BigInteger.ONE;
            int withCapacity = 0;
            for (int d = 0; d < capacity.length; d++) {
                if (capacity[d] > 0) {
                    withCapacity++;
                    BigInteger c = BigInteger.valueOf(capacity[d]);
                    BigInteger used = BigInteger.valueOf(capacity[d] - free[d]);
                    numerator = numerator.multiply(c).add(used.multiply(denominator));
                    denominator = denominator.multiply(c);
                }
            }
            if (withCapacity == 0) {
                return 0;
            }
            BigInteger scaled = numerator.multiply(BigInteger.valueOf(FitIndex.BANDS))
                .divide(denominator.multiply(BigInteger.valueOf(withCapacity)));
            return Math.min(FitIndex.BANDS - 1, scaled.intValueExact());
        }

        int band(int node) {
            long[][] v = nodes.get(node);
            return band(v[0], v[1]);
        }

        int firstFit(long[] request) {
            for (var e : nodes.entrySet()) {
                if (fits(e.getValue()[0], request)) {
                    return e.getKey();
                }
            }
            return -1;
        }

        /** @param fullest true: the highest band with a fitting node; false: the lowest */
        int byBand(long[] request, boolean fullest) {
            int best = -1;
            int bestBand = -1;
            for (var e : nodes.entrySet()) {
                if (fits(e.getValue()[0], request)) {
                    int b = band(e.getValue()[0], e.getValue()[1]);
                    if (best < 0 || (fullest ? b > bestBand : b < bestBand)) {
                        best = e.getKey();
                        bestBand = b;
                    }
                }
            }
            return best;
        }
    }

    @Provide
    Arbitrary<List<Long>> steps() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 200)
    void everyAnswerEqualsTheBruteForceModel(@ForAll @IntRange(min = 3, max = 6) int dims,
                                             @ForAll @IntRange(min = 1, max = 200) int nodeIds,
                                             @ForAll("steps") List<Long> steps) {
        FitIndex index = new FitIndex(dims);
        Model model = new Model();
        for (long seed : steps) {
            Random r = new Random(seed);
            int node = r.nextInt(nodeIds);
            int action = r.nextInt(20);
            String step = "step " + seed + " action " + action + " node " + node;
            if (action < 5 || (action < 11 && !model.nodes.containsKey(node))) {
                long[] capacity = capacity(r, dims);
                long[] free = free(r, capacity);
                index.put(node, free, capacity);
                model.nodes.put(node, new long[][] {free.clone(), capacity.clone()});
            } else if (action < 11) {
                long[] free = free(r, model.nodes.get(node)[1]);
                index.updateFree(node, free);
                model.nodes.get(node)[0] = free.clone();
            } else if (action < 13) {
                index.remove(node);
                model.nodes.remove(node);
            } else {
                long[] request = request(r, dims, model);
                String query = step + " request " + Arrays.toString(request);
                int policies = 1 + r.nextInt(7); // some sequences use one policy only: its trees alone are kept
                if ((policies & 1) != 0) {
                    assertEquals(model.firstFit(request), index.firstFit(request), "firstFit, " + query);
                }
                if ((policies & 2) != 0) {
                    assertEquals(model.byBand(request, true), index.bestFit(request), "bestFit, " + query);
                }
                if ((policies & 4) != 0) {
                    assertEquals(model.byBand(request, false), index.spread(request), "spread, " + query);
                }
            }
            assertEquals(model.nodes.containsKey(node), index.contains(node), "contains, " + step);
            assertEquals(model.nodes.size(), index.size(), "size, " + step);
            if (model.nodes.containsKey(node)) {
                assertEquals(model.band(node), index.band(node), "band, " + step);
            }
        }
        for (int node : model.nodes.keySet()) {
            assertEquals(model.band(node), index.band(node), "band of " + node + " at the end");
        }
    }

    @Property(tries = 2000)
    void bandIsExact(@ForAll @IntRange(min = 1, max = 6) int dims, @ForAll long seed) {
        Random r = new Random(seed);
        FitIndex index = new FitIndex(dims);
        long[] capacity = new long[dims];
        long[] free = new long[dims];
        for (int d = 0; d < dims; d++) {
            capacity[d] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 6 : 60);
            free[d] = capacity[d] == 0 ? 0 : r.nextInt((int) capacity[d] + 1);
        }
        index.put(0, free, capacity);
        assertEquals(Model.band(free, capacity), index.band(0),
            "free " + Arrays.toString(free) + " capacity " + Arrays.toString(capacity));
    }

    /** Heterogeneous: some dimensions absent (no GPU), small values (exact band boundaries), large and huge ones. */
    private static long[] capacity(Random r, int dims) {
        long[] capacity = new long[dims];
        boolean empty = r.nextInt(30) == 0;
        for (int d = 0; d < dims; d++) {
            if (empty || r.nextInt(4) == 0) {
                continue;
            }
            capacity[d] = switch (r.nextInt(6)) {
                case 0, 1 -> 1 + r.nextInt(20);
                case 2 -> 1000L * (1 + r.nextInt(64));
                case 3 -> (1L << 30) * (1 + r.nextInt(512));
                case 4 -> 1 + (r.nextLong() >>> 1); // beyond an exact double
                default -> 1 + r.nextInt(1_000_000);
            };
        }
        return capacity;
    }

    private static long[] free(Random r, long[] capacity) {
        long[] free = new long[capacity.length];
        for (int d = 0; d < capacity.length; d++) {
            long c = capacity[d];
            free[d] = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> c;
                case 2 -> c / 2;
                default -> c == 0 ? 0 : (r.nextLong() >>> 1) % (c + 1);
            };
        }
        return free;
    }

    private static long[] request(Random r, int dims, Model model) {
        long[] request = new long[dims];
        List<long[][]> present = new ArrayList<>(model.nodes.values());
        int kind = r.nextInt(10);
        if (kind < 6 && !present.isEmpty()) { // below some node's free vector: usually fits somewhere
            long[] free = present.get(r.nextInt(present.size()))[0];
            for (int d = 0; d < dims; d++) {
                request[d] = r.nextInt(3) == 0 || free[d] == 0 ? 0 : (r.nextLong() >>> 1) % (free[d] + 1);
            }
        } else if (kind < 9) {
            for (int d = 0; d < dims; d++) {
                request[d] = r.nextInt(3) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 10 : 100_000);
            }
        }
        if (kind == 9 || r.nextInt(10) == 0) {
            request[r.nextInt(dims)] = r.nextBoolean() ? Long.MAX_VALUE : 1L << 62; // impossible
        }
        return request;
    }

    @Test
    void bandBoundariesAreExact() {
        FitIndex index = new FitIndex(1);
        long[] capacity = {16};
        long[][] cases = {{16, 0}, {15, 1}, {14, 2}, {2, 14}, {1, 15}, {0, 15}};
        for (long[] c : cases) {
            index.put(0, new long[] {c[0]}, capacity);
            assertEquals(c[1], index.band(0), "free " + c[0] + " of 16");
        }
        FitIndex two = new FitIndex(2);
        two.put(0, new long[] {2, 28}, new long[] {3, 48}); // u = (1/3 + 20/48) / 2 = 3/8: band 6 exactly
        assertEquals(6, two.band(0));
        two.put(0, new long[] {0, 0}, new long[] {3, 48}); // u = 1
        assertEquals(FitIndex.BANDS - 1, two.band(0));
        FitIndex three = new FitIndex(3);
        three.put(0, new long[] {2, 2, 2}, new long[] {3, 3, 3}); // u = 1/3: 5.33
        assertEquals(5, three.band(0));
        // 1/16 from three unequal non-dyadic terms: (1/48 + 4/96 + 36/288) / 3 = (9/48) / 3 = 1/16
        three.put(0, new long[] {47, 92, 252}, new long[] {48, 96, 288});
        assertEquals(1, three.band(0));
        // (2/6 + 47/47 + 0/6 + 2/2 + 2/12) / 5 = 1/2 exactly, which floating point puts a hair below 8/16
        FitIndex six = new FitIndex(6);
        six.put(0, new long[] {0, 4, 0, 6, 0, 10}, new long[] {0, 6, 47, 6, 2, 12});
        assertEquals(8, six.band(0));
    }

    @Test
    void aNodeWithNoCapacityIsInBandZeroAndFitsOnlyEmptyRequests() {
        FitIndex index = new FitIndex(3);
        index.put(7, new long[3], new long[3]);
        assertEquals(0, index.band(7));
        long[] nothing = {0, 0, 0};
        assertEquals(7, index.firstFit(nothing));
        assertEquals(7, index.bestFit(nothing));
        assertEquals(7, index.spread(nothing));
        assertEquals(-1, index.firstFit(new long[] {0, 1, 0}));
        assertEquals(-1, index.bestFit(new long[] {0, 1, 0}));
        assertEquals(-1, index.spread(new long[] {0, 0, 1}));
    }

    @Test
    void growsPastItsInitialArrays() {
        FitIndex index = new FitIndex(4);
        int n = 5_000;
        for (int node = 0; node < n; node++) {
            long cpu = 1000L * (1 + node % 16);
            index.put(node, new long[] {cpu - node % 7, 8, node == 4321 ? 2 : 0, 0},
                new long[] {cpu, 8, node == 4321 ? 4 : 0, node % 3});
        }
        assertEquals(n, index.size());
        assertTrue(index.contains(4999));
        assertFalse(index.contains(5000));
        long[] gpu = {1, 1, 1, 0};
        assertEquals(4321, index.firstFit(gpu));
        assertEquals(4321, index.bestFit(gpu));
        assertEquals(4321, index.spread(gpu));
        assertEquals(63, index.firstFit(new long[] {16_000, 0, 0, 0})); // 15, 31, 47 have 1, 3, 5 used
        index.updateFree(4321, new long[] {0, 0, 0, 0});
        assertEquals(FitIndex.BANDS - 1, index.band(4321));
        assertEquals(-1, index.firstFit(gpu));
        index.put(4321, new long[] {1000, 8, 4, 0}, new long[] {1000, 8, 4, 0});
        assertEquals(4321, index.bestFit(gpu));
        index.remove(4321);
        assertEquals(-1, index.spread(gpu));
        assertEquals(n - 1, index.size());
        index.remove(4321);
        assertEquals(n - 1, index.size());
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        assertMessage("dims must be >= 1: 0", () -> new FitIndex(0));
        FitIndex index = new FitIndex(2);
        long[] ok = {1, 1};
        assertMessage("node must be >= 0: -1", () -> index.put(-1, ok, ok));
        assertMessage("node must be >= 0: -2", () -> index.remove(-2));
        assertMessage("free must have 2 dimensions, not 3", () -> index.put(0, new long[3], ok));
        assertMessage("capacity must have 2 dimensions, not 1", () -> index.put(0, ok, new long[1]));
        assertMessage("free must not be null", () -> index.put(0, null, ok));
        assertMessage("capacity[1] must be >= 0: -4", () -> index.put(0, new long[2], new long[] {1, -4}));
        assertMessage("free[0] must be >= 0: -1", () -> index.put(0, new long[] {-1, 0}, ok));
        assertMessage("free[1] = 2 exceeds capacity[1] = 1 for node 0", () -> index.put(0, new long[] {1, 2}, ok));
        assertMessage("node 3 is not in the index", () -> index.updateFree(3, ok));
        assertMessage("node 2147483647 is too large for an index of 2 dimensions (node ids are meant to be dense)",
            () -> index.put(Integer.MAX_VALUE, ok, ok));
        assertMessage("request must have 2 dimensions, not 0", () -> index.firstFit(new long[0]));
        assertMessage("request[0] must be >= 0: -1", () -> index.bestFit(new long[] {-1, 0}));
        assertMessage("request must not be null", () -> index.spread(null));
        assertFalse(index.contains(-1));
        assertEquals(0, index.size());
        index.put(0, ok, ok);
        assertThrows(AssertionError.class, () -> index.updateFree(0, new long[] {2, 0}), "checked under -ea");
    }

    private static void assertMessage(String message, Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
