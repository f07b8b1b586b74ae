package io.htcengine.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The index form of {@link TaskGraph.Builder} against the key form as the reference: the same tasks added in the same
 * order give the same graph (parents, keys) and the same topological order, and the same verdict on whether the graph
 * is valid — except that the index form also rejects a parent that is not added yet, which the key form allows when
 * it closes no cycle.
 */
class DagByIndexProperties {
    private static final TaskSpec<Integer, Integer> SPEC = Harness.echo(5);

    /**
     * Tasks 0..n-1 in the order they are added, each with up to 3 parent references (repeats possible): earlier tasks,
     * and, unless {@code dagOnly}, now and then any index from -1 to n (unknown, the task itself, or a later task).
     */
    record Adds(int[][] parents) {
        int size() {
            return parents.length;
        }

        /** Whether every parent was added before its child: what the index form accepts. */
        boolean parentsFirst() {
            for (int i = 0; i < parents.length; i++) {
                for (int p : parents[i]) {
                    if (p < 0 || p >= i) {
                        return false;
                    }
                }
            }
            return true;
        }

        TaskGraph byKey() {
            TaskGraph.Builder b = TaskGraph.builder();
            for (int i = 0; i < parents.length; i++) {
                String[] keys = new String[parents[i].length];
                for (int j = 0; j < keys.length; j++) {
                    keys[j] = "#" + parents[i][j]; // the generated keys, explicitly: same keys as by index
                }
                b.add("#" + i, SPEC, i, keys);
            }
            return b.build();
        }

        /** By index: every task without a key, or (mixed) each task picks a form from {@code forms}. */
        TaskGraph byIndex(long forms, boolean mixed) {
            TaskGraph.Builder b = TaskGraph.builder();
            Random r = new Random(forms);
            String[] keyOf = new String[parents.length]; // what each task is known by
            for (int i = 0; i < parents.length; i++) {
                int index;
                switch (mixed ? r.nextInt(3) : 0) {
                    case 0 -> {
                        index = b.add(SPEC, i, parents[i]);
                        keyOf[i] = "#" + i;
                    }
                    case 1 -> {
                        index = b.add("k" + i, SPEC, i, parents[i]);
                        keyOf[i] = "k" + i;
                    }
                    default -> { // by key, naming each parent by what it is known by (generated or its own)
                        index = b.size();
                        String[] keys = new String[parents[i].length];
                        for (int j = 0; j < keys.length; j++) {
                            keys[j] = keyOf[parents[i][j]];
                        }
                        b.add("k" + i, SPEC, i, keys);
                        keyOf[i] = "k" + i;
                    }
                }
                assertEquals(i, index);
            }
            TaskGraph graph = b.build();
            for (int i = 0; i < parents.length; i++) {
                assertEquals(keyOf[i], graph.key(i));
            }
            return graph;
        }
    }

    @Provide
    Arbitrary<Adds> anyAdds() {
        return adds(false);
    }

    @Provide
    Arbitrary<Adds> dags() {
        return adds(true);
    }

    private static Arbitrary<Adds> adds(boolean dagOnly) {
        return Arbitraries.integers().between(1, 40).flatMap(n -> Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            // How often a reference may be anything rather than an earlier task: none, rare, or often per graph.
            double anything = dagOnly ? 0 : new double[] {0, 0.02, 0.1, 0.5}[r.nextInt(4)];
            int[][] parents = new int[n][];
            for (int i = 0; i < n; i++) {
                int count = r.nextInt(4);
                int[] ps = new int[count];
                int k = 0;
                for (int j = 0; j < count; j++) {
                    if (i > 0 && r.nextDouble() >= anything) {
                        ps[k++] = r.nextInt(i);
                    } else if (!dagOnly) {
                        ps[k++] = r.nextInt(n + 2) - 1; // -1 .. n: unknown, itself, earlier or later
                    }
                }
                parents[i] = Arrays.copyOf(ps, k);
            }
            return new Adds(parents);
        }));
    }

    @Property(tries = 300)
    void aDagAddedParentsFirstIsTheSameGraphByIndexAsByKey(@ForAll("dags") Adds adds, @ForAll long forms) {
        TaskGraph byKey = adds.byKey();
        for (TaskGraph byIndex : List.of(adds.byIndex(forms, false), adds.byIndex(forms, true))) {
            assertSameGraph(byKey, byIndex);
        }
        TaskGraph unkeyed = adds.byIndex(forms, false);
        for (int i = 0; i < adds.size(); i++) {
            assertEquals(byKey.key(i), unkeyed.key(i), "a task added without a key is known by '#' + its index");
            assertFalse(unkeyed.hasKey(i));
        }
    }

    private static void assertSameGraph(TaskGraph expected, TaskGraph actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.nodeCount(), actual.nodeCount());
        assertArrayEquals(expected.topologicalOrder(), actual.topologicalOrder(), "topological order");
        for (int i = 0; i < expected.nodeCount(); i++) {
            assertArrayEquals(expected.parents(i), actual.parents(i), "parents of " + i);
            assertEquals(expected.parentCount(i), actual.parentCount(i));
            assertEquals(expected.input(i), actual.input(i));
        }
    }

    @Property(tries = 300)
    void everyNodesChildrenAreTheTasksListingItAsAParent(@ForAll("dags") Adds adds) {
        // The dag by key, and every third task also depending on an external named by id.
        TaskGraph.Builder b = TaskGraph.builder().external("e", 1L);
        for (int i = 0; i < adds.size(); i++) {
            int[] ps = adds.parents()[i];
            String[] keys = new String[ps.length + (i % 3 == 0 ? 1 : 0)];
            for (int j = 0; j < ps.length; j++) {
                keys[j] = "#" + ps[j];
            }
            if (i % 3 == 0) {
                keys[ps.length] = "e";
            }
            b.add("#" + i, SPEC, i, keys);
        }
        TaskGraph graph = b.build();
        // The reference: walk the tasks in index order and each one's parents in order; duplicates count twice.
        List<List<Integer>> expected = new ArrayList<>();
        for (int x = 0; x < graph.nodeCount(); x++) {
            expected.add(new ArrayList<>());
        }
        for (int i = 0; i < graph.size(); i++) {
            for (int p : graph.parents(i)) {
                expected.get(p).add(i);
            }
        }
        for (int x = 0; x < graph.nodeCount(); x++) {
            List<Integer> actual = new ArrayList<>();
            for (int j = 0; j < graph.childCount(x); j++) {
                actual.add(graph.child(x, j));
            }
            assertEquals(expected.get(x), actual, "children of node " + x);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> graph.childCount(graph.nodeCount()));
        assertThrows(IndexOutOfBoundsException.class, () -> graph.child(0, graph.childCount(0)));
    }

    @Property(tries = 500)
    void bothFormsAgreeOnWhichGraphsAreValid(@ForAll("anyAdds") Adds adds) {
        InvalidGraphException byKeyError = null;
        TaskGraph byKey = null;
        try {
            byKey = adds.byKey();
        } catch (InvalidGraphException e) {
            byKeyError = e;
        }
        InvalidGraphException byIndexError = null;
        TaskGraph byIndex = null;
        try {
            byIndex = adds.byIndex(0, false);
        } catch (InvalidGraphException e) {
            byIndexError = e;
        }
        assertEquals(adds.parentsFirst(), byIndexError == null, "the index form accepts exactly parents-first adds");
        Statistics.collect(byIndexError == null ? "both accept" : byKeyError == null ? "only by key (a later parent)"
            : "both reject");
        Statistics.coverage(check -> {
            check.check("both accept").percentage(p -> p > 5);
            check.check("only by key (a later parent)").percentage(p -> p > 5);
            check.check("both reject").percentage(p -> p > 5);
        });
        if (byIndex != null) {
            assertNotNull(byKey, "what the index form accepts, the key form accepts: " + byKeyError);
            assertSameGraph(byKey, byIndex);
            return;
        }
        // The index form names the first reference to a task not added before, where and why.
        int task = -1;
        int position = -1;
        for (int i = 0; i < adds.size() && task < 0; i++) {
            for (int j = 0; j < adds.parents()[i].length; j++) {
                int p = adds.parents()[i][j];
                if (p < 0 || p >= i) {
                    task = i;
                    position = j;
                    break;
                }
            }
        }
        String expectedStart = "task '#" + task + "' (index " + task + "): parents[" + position + "] = "
            + adds.parents()[task][position] + " ";
        assertTrue(byIndexError.getMessage().startsWith(expectedStart), byIndexError.getMessage());
        assertEquals(List.of("#" + task), byIndexError.offendingKeys());
        if (byKeyError != null) {
            return; // both reject: an unknown key, a self-dependency or a cycle (which needs a later parent)
        }
        // The key form accepted a later parent: then the same graph added in the key form's order works by index.
        int[] order = byKey.topologicalOrder();
        int[] positionOf = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            positionOf[order[k]] = k;
        }
        TaskGraph.Builder b = TaskGraph.builder();
        for (int k = 0; k < order.length; k++) {
            int[] ps = byKey.parents(order[k]);
            int[] relabelled = new int[ps.length];
            for (int j = 0; j < ps.length; j++) {
                relabelled[j] = positionOf[ps[j]];
            }
            assertEquals(k, b.add(SPEC, order[k], relabelled));
        }
        TaskGraph reordered = b.build();
        for (int k = 0; k < order.length; k++) {
            assertEquals(order[k], reordered.input(k));
            int[] expected = byKey.parents(order[k]);
            int[] actual = reordered.parents(k);
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], order[actual[j]]);
            }
        }
        int[] reorderedOrder = reordered.topologicalOrder();
        List<Integer> inOriginalLabels = new ArrayList<>();
        for (int k : reorderedOrder) {
            inOriginalLabels.add(order[k]);
        }
        assertValidOrder(byKey, inOriginalLabels);
    }

    private static void assertValidOrder(TaskGraph graph, List<Integer> order) {
        boolean[] placed = new boolean[graph.size()];
        for (int node : order) {
            for (int p : graph.parents(node)) {
                if (!graph.isExternal(p) && !placed[p]) {
                    fail(node + " placed before its parent " + p + " in " + order);
                }
            }
            placed[node] = true;
        }
        assertEquals(graph.size(), order.size());
    }

    @Property(tries = 200)
    void aRejectedIndexAddLeavesTheBuilderAsItWas(@ForAll("dags") Adds adds, @ForAll long seed) {
        Random r = new Random(seed);
        TaskGraph.Builder b = TaskGraph.builder();
        for (int i = 0; i < adds.size(); i++) {
            if (r.nextInt(3) == 0) {
                int[] bad = Arrays.copyOf(adds.parents()[i], adds.parents()[i].length + 1);
                bad[bad.length - 1] = r.nextBoolean() ? i + r.nextInt(3) : -1 - r.nextInt(3);
                try {
                    b.add(SPEC, i, bad);
                    fail("parent " + bad[bad.length - 1] + " of task " + i + " was accepted");
                } catch (InvalidGraphException expected) {
                    assertEquals(i, b.size());
                }
            }
            assertEquals(i, b.add(SPEC, i, adds.parents()[i]));
        }
        assertSameGraph(adds.byKey(), b.build());
    }
}
