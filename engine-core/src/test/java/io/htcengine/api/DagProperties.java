package io.htcengine.api;

import io.htcengine.spi.Execution;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random DAGs against plain reference models. */
class DagProperties {

    /** A DAG on nodes 0..n-1 where every parent index is lower than its child's. */
    record Dag(int[][] parents) {
        int size() {
            return parents.length;
        }

        TaskGraph.Builder builder(TaskSpec<Integer, Integer> spec) {
            TaskGraph.Builder b = TaskGraph.builder();
            for (int i = 0; i < parents.length; i++) {
                String[] keys = new String[parents[i].length];
                for (int j = 0; j < keys.length; j++) {
                    keys[j] = "n" + parents[i][j];
                }
                b.add("n" + i, spec, i, keys);
            }
            return b;
        }

        /** Nodes reachable from {@code roots} through child edges, roots excluded. */
        Set<Integer> descendantsOf(Set<Integer> roots) {
            Set<Integer> out = new HashSet<>();
            for (int i = 0; i < parents.length; i++) { // parents have lower indexes: one pass in index order
                for (int p : parents[i]) {
                    if (roots.contains(p) || out.contains(p)) {
                        out.add(i);
                    }
                }
            }
            out.removeAll(roots);
            return out;
        }
    }

    @Provide
    Arbitrary<Dag> dags() {
        return Arbitraries.integers().between(1, 40).flatMap(n ->
            Arbitraries.longs().map(seed -> {
                Random r = new Random(seed);
                int[][] parents = new int[n][];
                for (int i = 0; i < n; i++) {
                    Set<Integer> ps = new HashSet<>();
                    int want = i == 0 ? 0 : r.nextInt(Math.min(i, 3) + 1);
                    while (ps.size() < want) {
                        ps.add(r.nextInt(i));
                    }
                    parents[i] = ps.stream().mapToInt(Integer::intValue).toArray();
                }
                return new Dag(parents);
            }));
    }

    @Property(tries = 200)
    void everyTaskStartsOnlyAfterAllItsParentsCompleted(@ForAll("dags") Dag dag,
                                                        @ForAll @IntRange(min = 1, max = 4) int slots,
                                                        @ForAll long shuffleSeed,
                                                        @ForAll @IntRange(min = 0, max = 6) int graphAdmitAhead) {
        // graphAdmitAhead 1-6 pauses the graph's admission most of the time (0: no limit)
        try (Harness h = new Harness(slots, Engine.builder().graphAdmitAhead(graphAdmitAhead))) {
            SubmittedGraph g = h.engine.submit(dag.builder(Harness.echo(5)).build());
            Random random = new Random(shuffleSeed);
            List<Execution> running = new ArrayList<>();
            for (int round = 0; round < 10 * dag.size() + 10; round++) {
                h.settle();
                for (Execution e : h.dispatched()) {
                    int node = nodeOf(g, e.taskId());
                    for (int p : dag.parents()[node]) {
                        assertEquals(TaskState.COMPLETED, g.task("n" + p).state(),
                            "n" + node + " dispatched before its parent n" + p + " completed");
                    }
                    running.add(e);
                }
                if (running.isEmpty()) {
                    break;
                }
                Collections.shuffle(running, random);
                int finish = 1 + random.nextInt(running.size());
                for (int i = 0; i < finish; i++) {
                    running.remove(running.size() - 1).run();
                }
            }
            for (int i = 0; i < dag.size(); i++) {
                assertEquals(TaskState.COMPLETED, g.task("n" + i).state(), "n" + i);
            }
        }
    }

    private static int nodeOf(SubmittedGraph g, long taskId) {
        for (int i = 0; ; i++) {
            if (g.task("n" + i).id() == taskId) {
                return i;
            }
        }
    }

    @Provide
    Arbitrary<Set<Integer>> failing() {
        return Arbitraries.integers().between(0, 39).set().ofMaxSize(6);
    }

    @Property(tries = 200)
    void theCancelledTasksAreExactlyTheDescendantsOfTheFailedOnes(@ForAll("dags") Dag dag,
                                                                 @ForAll("failing") Set<Integer> failing,
                                                                 @ForAll @IntRange(min = 1, max = 3) int slots,
                                                                 @ForAll @IntRange(min = 0, max = 6) int graphAdmitAhead) {
        TaskSpec<Integer, Integer> spec = TaskSpec.<Integer, Integer>of((Integer node, TaskContext c) -> {
            if (failing.contains(node)) {
                throw new IllegalStateException("planned failure of n" + node);
            }
            return node;
        }).build();
        try (Harness h = new Harness(slots, Engine.builder().graphAdmitAhead(graphAdmitAhead))) {
            SubmittedGraph g = h.engine.submit(dag.builder(spec).build());
            for (int round = 0; round < 10 * dag.size() + 10 && h.engine.progress().done() < dag.size(); round++) {
                h.settle();
                h.executor.runAll();
            }
            h.settle();
            // Reference model, in index (= topological) order.
            TaskState[] expected = new TaskState[dag.size()];
            Set<Integer> failed = new HashSet<>();
            for (int i = 0; i < dag.size(); i++) {
                boolean parentsCompleted = true;
                for (int p : dag.parents()[i]) {
                    parentsCompleted &= expected[p] == TaskState.COMPLETED;
                }
                expected[i] = !parentsCompleted ? TaskState.CANCELLED
                    : failing.contains(i) ? TaskState.FAILED : TaskState.COMPLETED;
                if (expected[i] == TaskState.FAILED) {
                    failed.add(i);
                }
            }
            Set<Integer> cancelled = new HashSet<>();
            for (int i = 0; i < dag.size(); i++) {
                assertEquals(expected[i], g.task("n" + i).state(), "n" + i);
                if (expected[i] == TaskState.CANCELLED) {
                    cancelled.add(i);
                }
            }
            assertEquals(dag.descendantsOf(failed), cancelled, "cancelled = descendants of the failed tasks");
        }
    }

    @Property(tries = 300)
    void plantedCyclesAreAlwaysRejectedAndAcyclicGraphsNever(@ForAll("dags") Dag dag, @ForAll long seed) {
        TaskSpec<Integer, Integer> spec = Harness.echo(5);
        dag.builder(spec).build(); // acyclic: accepted
        if (dag.size() < 2) {
            return;
        }
        Random r = new Random(seed);
        int length = 2 + r.nextInt(Math.min(dag.size(), 6) - 1);
        List<Integer> members = new ArrayList<>();
        while (members.size() < length) {
            int m = r.nextInt(dag.size());
            if (!members.contains(m)) {
                members.add(m);
            }
        }
        int[][] parents = new int[dag.size()][];
        for (int i = 0; i < dag.size(); i++) {
            parents[i] = dag.parents()[i].clone();
        }
        for (int k = 0; k < length; k++) { // members[k] depends on members[k+1], the last on the first
            int child = members.get(k);
            int parent = members.get((k + 1) % length);
            int[] ps = java.util.Arrays.copyOf(parents[child], parents[child].length + 1);
            ps[ps.length - 1] = parent;
            parents[child] = java.util.Arrays.stream(ps).distinct().toArray();
        }
        Dag withCycle = new Dag(parents);
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> withCycle.builder(spec).build());
        List<String> cycle = e.offendingKeys();
        assertTrue(cycle.size() >= 2, "a reported cycle has members: " + e.getMessage());
        for (int k = 0; k < cycle.size(); k++) {
            int child = Integer.parseInt(cycle.get(k).substring(1));
            int parent = Integer.parseInt(cycle.get((k + 1) % cycle.size()).substring(1));
            assertTrue(java.util.Arrays.stream(parents[child]).anyMatch(p -> p == parent),
                cycle.get(k) + " depends on " + cycle.get((k + 1) % cycle.size()) + " in " + e.getMessage());
        }
    }
}
