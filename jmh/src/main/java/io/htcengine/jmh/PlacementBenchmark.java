package io.htcengine.jmh;

import io.htcengine.internal.cluster.FitIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Placements per second through the scheduler's free-capacity index, {@link FitIndex}, beside a brute-force linear
 * scan, in one run. One operation is <b>one release plus one placement</b>: the placement made
 * {@code ring} operations earlier is released (its request added back to its node's free vector, then
 * {@link FitIndex#updateFree}), and the next request is placed (the policy's query, then the request subtracted
 * from the chosen node's free vector and {@code updateFree}). The ring of outstanding placements is sized once per
 * trial, by placing requests until {@value #TARGET_ALLOCATED} of the cluster's CPU or memory is allocated, so the
 * cluster stays near that level (the trial's end prints the allocation, and how many placements found no node).
 * Nothing is allocated per operation.
 *
 * <p>The cluster ({@code nodes} nodes, seeded) has five dimensions (slots, CPU millicores, memory bytes, GPUs,
 * storage bytes) and four node shapes: 30% small (4 slots, 4 cores, 16 GiB, 200 GB), 35% medium (16, 16, 64 GiB,
 * 1 TB), 20% large (64, 64, 256 GiB, 4 TB) and 15% GPU nodes (32, 32, 384 GiB, 8 GPUs, 2 TB). The workload cycles
 * through {@value #REQUESTS} seeded requests of one slot each: 80% small CPU tasks (0.25-2 cores, 0.25-4 GiB, up to
 * 10 GB of storage), 15% memory-heavy (1-4 cores, 8-32 GiB), 5% GPU tasks (4-8 cores, 16-64 GiB, 1-2 GPUs).
 * <ul>
 *   <li>{@link #place} — {@code FitIndex.bestFit}, {@code firstFit} or {@code spread}, as {@code policy} says.</li>
 *   <li>{@link #bruteForceBestFit} — the baseline: best fit by the same definition (highest utilisation band with a
 *       fitting node, lowest id within it) by scanning every node's free vector, with each node's band cached and
 *       recomputed when its free vector changes, and the scan stopping early at a fitting node of the top band.
 *       Its bands are computed in plain floating point, so on an exact band boundary it may disagree with
 *       {@link FitIndex} (which decides those exactly); that changes nothing in its cost.</li>
 * </ul>
 *
 * <p>Run (after {@code mvn -o -q -pl jmh -am package -DskipTests -Djmh.smoke.skip} from the repository root):
 * <pre>
 * java -jar jmh/target/benchmarks.jar PlacementBenchmark -f 1 -wi 2 -w 1 -i 3 -r 1
 * java -jar jmh/target/benchmarks.jar PlacementBenchmark.place -p nodes=1000 -p policy=bestFit -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PlacementBenchmark {
    static final int DIMS = 5;
    static final int SLOTS = 0;
    static final int CPU = 1;
    static final int MEMORY = 2;
    static final int GPU = 3;
    static final int STORAGE = 4;
    static final int REQUESTS = 4096;
    static final double TARGET_ALLOCATED = 0.8;
    private static final long SEED = 0x5EED_F17L;
    private static final long GIB = 1L << 30;
    private static final long GB = 1_000_000_000L;

    /** The cluster, the workload and the ring of outstanding placements; subclasses supply the search. */
    abstract static class Cluster {
        long[][] capacityOf;
        long[][] freeOf;
        long[][] requests;
        int[] ringNode;
        int[] ringRequest;
        int head;
        int nextRequest;
        long placed;
        long failed;

        /** @return the chosen node for the request, or -1 */
        abstract int find(long[] request);

        /** Called after {@code freeOf[node]} changed. */
        abstract void freeChanged(int node);

        void build(int nodes) {
            SplittableRandom random = new SplittableRandom(SEED);
            capacityOf = new long[nodes][];
            freeOf = new long[nodes][];
            for (int n = 0; n < nodes; n++) {
                int shape = random.nextInt(100);
                capacityOf[n] = shape < 30 ? new long[] {4, 4_000, 16 * GIB, 0, 200 * GB}
                    : shape < 65 ? new long[] {16, 16_000, 64 * GIB, 0, 1_000 * GB}
                    : shape < 85 ? new long[] {64, 64_000, 256 * GIB, 0, 4_000 * GB}
                    : new long[] {32, 32_000, 384 * GIB, 8, 2_000 * GB};
                freeOf[n] = capacityOf[n].clone();
            }
            requests = new long[REQUESTS][];
            for (int r = 0; r < REQUESTS; r++) {
                int kind = random.nextInt(100);
                requests[r] = kind < 80
                    ? new long[] {1, 250L * random.nextInt(1, 9), GIB / 4 * random.nextInt(1, 17), 0,
                        random.nextBoolean() ? 0 : GB * random.nextInt(1, 11)}
                    : kind < 95
                    ? new long[] {1, 1_000L * random.nextInt(1, 5), GIB * random.nextInt(8, 33), 0,
                        GB * random.nextInt(0, 51)}
                    : new long[] {1, 1_000L * random.nextInt(4, 9), GIB * random.nextInt(16, 65),
                        random.nextInt(1, 3), GB * random.nextInt(50, 201)};
            }
        }

        /** Places requests until the target allocation (or a long run of misses), and sizes the ring to match. */
        void fill() {
            int[] nodes = new int[REQUESTS * 64];
            int[] placedRequests = new int[nodes.length];
            int count = 0;
            int misses = 0;
            while (allocated() < TARGET_ALLOCATED && misses < 1_000 && count < nodes.length) {
                int r = nextRequest;
                nextRequest = (r + 1) & (REQUESTS - 1);
                int node = find(requests[r]);
                if (node < 0) {
                    misses++;
                    continue;
                }
                subtract(freeOf[node], requests[r]);
                freeChanged(node);
                nodes[count] = node;
                placedRequests[count] = r;
                count++;
            }
            ringNode = Arrays.copyOf(nodes, count);
            ringRequest = Arrays.copyOf(placedRequests, count);
        }

        /** One operation: release the oldest outstanding placement, then place the next request. */
        final int step() {
            int slot = head;
            int released = ringNode[slot];
            if (released >= 0) {
                add(freeOf[released], requests[ringRequest[slot]]);
                freeChanged(released);
            }
            int r = nextRequest;
            nextRequest = (r + 1) & (REQUESTS - 1);
            long[] request = requests[r];
            int node = find(request);
            if (node >= 0) {
                subtract(freeOf[node], request);
                freeChanged(node);
                placed++;
            } else {
                failed++;
            }
            ringNode[slot] = node;
            ringRequest[slot] = r;
            head = slot + 1 == ringNode.length ? 0 : slot + 1;
            return node;
        }

        /** @return the larger of the CPU and memory fractions allocated, over the whole cluster */
        double allocated() {
            return Math.max(fraction(CPU), fraction(MEMORY));
        }

        double fraction(int d) {
            long capacity = 0;
            long free = 0;
            for (int n = 0; n < capacityOf.length; n++) {
                capacity += capacityOf[n][d];
                free += freeOf[n][d];
            }
            return capacity == 0 ? 0 : (double) (capacity - free) / capacity;
        }

        void report(String what) {
            long total = placed + failed;
            System.out.printf("%n%s, %d nodes: ring %d; %d placements, %.2f%% found no node; allocated: slots %.0f%%,"
                    + " cpu %.0f%%, memory %.0f%%, gpus %.0f%%%n", what, capacityOf.length, ringNode.length, total,
                total == 0 ? 0.0 : 100.0 * failed / total, 100 * fraction(SLOTS), 100 * fraction(CPU),
                100 * fraction(MEMORY), 100 * fraction(GPU));
        }

        static void add(long[] free, long[] request) {
            for (int d = 0; d < DIMS; d++) {
                free[d] += request[d];
            }
        }

        static void subtract(long[] free, long[] request) {
            for (int d = 0; d < DIMS; d++) {
                free[d] -= request[d];
            }
        }
    }

    /** The cluster in a {@link FitIndex}, searched with the policy named by {@code policy}. */
    @State(Scope.Thread)
    public static class Indexed extends Cluster {
        @Param({"100", "1000"})
        public int nodes;

        @Param({"bestFit", "firstFit", "spread"})
        public String policy;

        private FitIndex index;
        private int policyCode;

        @Setup(Level.Trial)
        public void setUp() {
            build(nodes);
            index = new FitIndex(DIMS);
            for (int n = 0; n < nodes; n++) {
                index.put(n, freeOf[n], capacityOf[n]);
            }
            policyCode = switch (policy) {
                case "bestFit" -> 0;
                case "firstFit" -> 1;
                case "spread" -> 2;
                default -> throw new IllegalArgumentException("policy must be bestFit, firstFit or spread: " + policy);
            };
            fill();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            report("FitIndex." + policy);
        }

        @Override
        int find(long[] request) {
            return switch (policyCode) {
                case 0 -> index.bestFit(request);
                case 1 -> index.firstFit(request);
                default -> index.spread(request);
            };
        }

        @Override
        void freeChanged(int node) {
            index.updateFree(node, freeOf[node]);
        }
    }

    /** The cluster as plain free vectors and cached bands, scanned in full. */
    @State(Scope.Thread)
    public static class BruteForce extends Cluster {
        @Param({"100", "1000"})
        public int nodes;

        private int[] band;

        @Setup(Level.Trial)
        public void setUp() {
            build(nodes);
            band = new int[nodes];
            fill();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            report("brute-force best fit");
        }

        @Override
        int find(long[] request) {
            long[][] freeOf = this.freeOf;
            int best = -1;
            int bestBand = -1;
            for (int n = 0; n < freeOf.length; n++) {
                if (band[n] > bestBand && fits(freeOf[n], request)) {
                    best = n;
                    bestBand = band[n];
                    if (bestBand == FitIndex.BANDS - 1) {
                        break;
                    }
                }
            }
            return best;
        }

        @Override
        void freeChanged(int node) {
            long[] capacity = capacityOf[node];
            long[] free = freeOf[node];
            double sum = 0;
            int withCapacity = 0;
            for (int d = 0; d < DIMS; d++) {
                if (capacity[d] > 0) {
                    sum += (double) (capacity[d] - free[d]) / capacity[d];
                    withCapacity++;
                }
            }
            band[node] = withCapacity == 0 ? 0
                : Math.min(FitIndex.BANDS - 1, (int) (sum / withCapacity * FitIndex.BANDS));
        }

        private static boolean fits(long[] free, long[] request) {
            for (int d = 0; d < DIMS; d++) {
                if (free[d] < request[d]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One release and one placement through {@link FitIndex}. */
    @Benchmark
    public int place(Indexed cluster) {
        return cluster.step();
    }

    /** One release and one best-fit placement by a linear scan of every node. */
    @Benchmark
    public int bruteForceBestFit(BruteForce cluster) {
        return cluster.step();
    }
}
