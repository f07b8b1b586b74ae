package io.htcengine.api;

import io.htcengine.spi.Execution;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TaskGraph.Builder}'s index form: parents by index, generated keys, its errors, and mixing with keys. */
class DagByIndexTest {
    private static final TaskSpec<String, String> NAME = TaskSpec.of((String s, TaskContext c) -> s).build();

    private static void runToEnd(Harness h) {
        h.settle();
        for (List<Execution> batch; !(batch = h.dispatched()).isEmpty(); h.settle()) {
            batch.forEach(Execution::run);
        }
    }

    @Test
    void aDiamondByIndexRunsInOrderAndChildrenReadParentsByGeneratedKey() {
        try (Harness h = new Harness(4)) {
            TaskSpec<Integer, Integer> source = TaskSpec.of((Integer x, TaskContext c) -> x).build();
            TaskSpec<Integer, Integer> twice = TaskSpec.of((Integer x, TaskContext c) -> 2 * c.<Integer>parentOutput("#0")).build();
            TaskSpec<Integer, Integer> plus = TaskSpec.of((Integer x, TaskContext c) -> x + c.<Integer>parentOutput("#0")).build();
            TaskSpec<Integer, String> sum = TaskSpec.of((Integer x, TaskContext c) ->
                c.parentKeys() + "=" + (c.<Integer>parentOutput("#1") + c.<Integer>parentOutput("#2"))).build();
            TaskGraph.Builder b = TaskGraph.builder();
            int a = b.add(source, 10);
            int twiceA = b.add(twice, 0, a);
            int plusA = b.add(plus, 5, a);
            int d = b.add(sum, 0, twiceA, plusA);
            assertEquals(List.of(0, 1, 2, 3), List.of(a, twiceA, plusA, d));
            assertEquals(4, b.size());
            TaskGraph graph = b.build();
            assertEquals("#3", graph.key(3));
            assertFalse(graph.hasKey(3));
            assertArrayEquals(new int[] {1, 2}, graph.parents(3));
            SubmittedGraph g = h.engine.submit(graph);
            h.settle();
            assertEquals(TaskState.QUEUED, g.task("#3").state());
            assertEquals("waiting for parents", g.task("#3").reason());
            runToEnd(h);
            assertEquals("[#1, #2]=35", g.task("#3").future().join());
            assertSame(g.task("#3"), g.task(d), "the index add returned finds the same handle");
            assertEquals(20, g.task(twiceA).future().join());
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> g.task(4));
            assertEquals("index 4 is not a task of the graph: its tasks are 0 to 3", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> g.task(-1));
            assertThrows(IllegalArgumentException.class, () -> g.task("#4"));
            assertThrows(IllegalArgumentException.class, () -> g.task("#03"), "only the canonical form is a generated key");
        }
    }

    @Test
    void aParentIndexMustNameATaskAddedAlreadyAndTheErrorSaysWhichAndWhy() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.add(NAME, "root");
        b.add(NAME, "one", 0);
        InvalidGraphException forward = assertThrows(InvalidGraphException.class, () -> b.add(NAME, "x", 0, 5));
        assertEquals("task '#2' (index 2): parents[1] = 5 is not a task of this graph yet: a parent must be added "
            + "before its children (the tasks so far are 0 to 1)", forward.getMessage());
        assertEquals(List.of("#2"), forward.offendingKeys());
        InvalidGraphException self = assertThrows(InvalidGraphException.class, () -> b.add(NAME, "x", 2));
        assertEquals("task '#2' (index 2): parents[0] = 2 is its own index: a task cannot depend on itself "
            + "(the tasks so far are 0 to 1)", self.getMessage());
        InvalidGraphException negative = assertThrows(InvalidGraphException.class,
            () -> b.add("named", NAME, "x", new int[] {1, -1}));
        assertEquals("task 'named' (index 2): parents[1] = -1 is negative: an index runs from 0 "
            + "(the tasks so far are 0 to 1)", negative.getMessage());
        assertEquals(List.of("named"), negative.offendingKeys());
        InvalidGraphException first = assertThrows(InvalidGraphException.class,
            () -> TaskGraph.builder().add(NAME, "x", 0));
        assertTrue(first.getMessage().endsWith("(no task has been added yet)"), first.getMessage());
        // A rejected add leaves the builder as it was: same size, the key not taken, the next index unchanged.
        assertEquals(2, b.size());
        assertEquals(2, b.add("named", NAME, "x", new int[] {1}));
        TaskGraph graph = b.build();
        assertEquals(3, graph.size());
        assertArrayEquals(new int[] {1}, graph.parents(2));
        assertArrayEquals(new int[] {0, 1, 2}, graph.topologicalOrder());
        graph.topologicalOrder()[0] = 2; // a caller's copy: the graph's own order is not theirs to change
        assertArrayEquals(new int[] {0, 1, 2}, graph.topologicalOrder());
        assertEquals(1, graph.topologicalOrder(1));
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        TaskGraph.Builder b = TaskGraph.builder();
        assertEquals("spec must not be null",
            assertThrows(IllegalArgumentException.class, () -> b.add(null, "x")).getMessage());
        assertEquals("parents must not be null",
            assertThrows(IllegalArgumentException.class, () -> b.add(NAME, "x", (int[]) null)).getMessage());
        assertEquals("key must be a non-blank string, was ' '",
            assertThrows(IllegalArgumentException.class, () -> b.add(" ", NAME, "x", new int[0])).getMessage());
        assertEquals(0, b.size());
    }

    @Test
    void keysAndIndexesMix() {
        try (Harness h = new Harness(2)) {
            TaskSpec<String, String> join = TaskSpec.of((String s, TaskContext c) -> {
                StringBuilder out = new StringBuilder(s).append(':');
                for (String key : c.parentKeys()) {
                    out.append(key).append('=').append(c.<String>parentOutput(key)).append(' ');
                }
                return out.toString().trim();
            }).build();
            TaskGraph.Builder b = TaskGraph.builder();
            int zero = b.add(NAME, "zero");                       // #0
            b.add("one", join, "one", "#0", "#3");                  // index 1, by key: a generated key, a later one
            int two = b.add("two", join, "two", new int[] {1});     // keyed, parents by index
            int three = b.add(NAME, "three");                       // #3, named above before it existed
            int four = b.add(join, "four", two, zero);
            TaskGraph graph = b.build();
            assertEquals(List.of(0, 2, 3, 4), List.of(zero, two, three, four));
            assertArrayEquals(new int[] {0, 3}, graph.parents(1));
            SubmittedGraph g = h.engine.submit(graph);
            runToEnd(h);
            assertEquals("one:#0=zero #3=three", g.task("one").future().join());
            assertEquals("four:two=two:one=one:#0=zero #3=three #0=zero", g.task("#4").future().join());
        }
    }

    @Test
    void aCycleThroughKeysAndIndexesIsNamedWithGeneratedKeys() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.add("a", NAME, "a", "c");          // 0, depends on a later key
        b.add(NAME, "b", 0);                 // 1 = #1
        b.add("c", NAME, "c", new int[] {1}); // 2
        InvalidGraphException cycle = assertThrows(InvalidGraphException.class, b::build);
        assertEquals("cycle among tasks: a -> c -> #1 -> a (each depends on the next)", cycle.getMessage());
        assertEquals(List.of("a", "c", "#1"), cycle.offendingKeys());
    }

    @Test
    void aKeyOfTheGeneratedFormMayNotNameATaskAddedWithoutAKey() {
        TaskGraph.Builder b = TaskGraph.builder();
        b.add(NAME, "x");
        InvalidGraphException taken = assertThrows(InvalidGraphException.class, () -> b.add("#0", NAME, "y"));
        assertEquals("duplicate key '#0': it is the generated key of task 0, which was added without a key; choose "
            + "another key", taken.getMessage());
        assertThrows(InvalidGraphException.class, () -> b.external("#0", 7L));
        b.add("#2", NAME, "y");  // index 1 with key "#2": fine while no task 2 is added without a key
        InvalidGraphException clash = assertThrows(InvalidGraphException.class, () -> b.add(NAME, "z"));
        assertEquals(List.of("#2"), clash.offendingKeys());
        assertTrue(clash.getMessage().startsWith("duplicate key '#2': task 2, added without a key"), clash.getMessage());
        assertEquals(2, b.add("z", NAME, "z", new int[] {1}), "with a key of its own it is fine");
        assertEquals(List.of("#0", "#2", "z"), List.of(b.build().key(0), b.build().key(1), b.build().key(2)));
        // Other keys that look similar are ordinary keys.
        TaskGraph.Builder c = TaskGraph.builder();
        c.add(NAME, "x");
        c.add("#00", NAME, "y").add("#-0", NAME, "y").add("# 0", NAME, "y").add("#0x", NAME, "y");
        assertEquals(5, c.build().size());
    }

    @Test
    void theArraysPassedToAddAreNotKept() {
        String[] keys = {"a"};
        int[] indexes = {0};
        TaskGraph.Builder b = TaskGraph.builder().add("a", NAME, "a").add("b", NAME, "b", keys);
        b.add(NAME, "c", indexes);
        keys[0] = "nope";
        indexes[0] = 1;
        TaskGraph graph = b.build();
        assertArrayEquals(new int[] {0}, graph.parents(1));
        assertArrayEquals(new int[] {0}, graph.parents(2));
    }

    @Test
    void aGraphStaysAsBuiltWhileItsBuilderGrowsAndResolvesLaterKeys() {
        TaskGraph.Builder b = TaskGraph.builder().add("a", NAME, "a").add("b", NAME, "b", "a");
        b.add(NAME, "c", 1);
        TaskGraph first = b.build();
        for (int i = 0; i < 1_000; i++) { // grows every array several times over; resolves keys given early
            b.add("k" + i, NAME, "k", i < 999 ? new String[] {"k" + (i + 1), "a"} : new String[] {"b"});
            b.add(NAME, "u", i);
        }
        TaskGraph second = b.build();
        assertEquals(3, first.size());
        assertEquals(3, first.nodeCount());
        assertArrayEquals(new int[] {0, 1, 2}, first.topologicalOrder());
        assertArrayEquals(new int[] {1}, first.parents(2));
        assertEquals("#2", first.key(2));
        assertEquals(2_003, second.size());
        assertArrayEquals(new int[] {5, 0}, second.parents(3), "k0 depends on k1 (index 5) and a");
        assertArrayEquals(new int[] {1}, second.parents(2_001), "k999 depends on b");
        assertEquals("TaskGraph{tasks=3, keys=[a, b, #2]}", first.toString());
    }

    @Test
    void externalsAreNamedByKeyFromTasksAddedByKey() {
        try (Harness h = new Harness(1)) {
            TaskHandle<String> earlier = h.engine.submit(NAME, "earlier");
            runToEnd(h);
            TaskGraph.Builder b = TaskGraph.builder().external("e", earlier);
            int bridge = b.size();
            b.add("bridge", TaskSpec.of((String s, TaskContext c) -> c.<String>parentOutput("e") + "+" + s).build(),
                "bridge", "e");
            int leaf = b.add(TaskSpec.of((String s, TaskContext c) -> c.<String>parentOutput("bridge") + "+" + s).build(),
                "leaf", bridge);
            TaskGraph graph = b.build();
            assertEquals(3, graph.nodeCount());
            assertTrue(graph.isExternal(2));
            assertArrayEquals(new int[] {2}, graph.parents(bridge));
            SubmittedGraph g = h.engine.submit(graph);
            runToEnd(h);
            assertEquals("earlier+bridge+leaf", g.task("#" + leaf).future().join());
        }
    }

    @Test
    void aWaitingTaskNamesItsParentsByGeneratedKey() {
        try (Harness h = new Harness(1)) {
            TaskGraph.Builder b = TaskGraph.builder();
            int x = b.add(NAME, "x");
            int y = b.add(NAME, "y");
            b.add(NAME, "z", x, y);
            SubmittedGraph g = h.engine.submit(b.build());
            h.settle();
            java.util.concurrent.CompletableFuture<String> answer = g.task("#2").whyPending();
            h.engine.doWork();
            assertEquals("QUEUED, waiting for parents: #0 (RUNNING), #1 (QUEUED)", answer.join());
        }
    }

    @Test
    void aWideFanInReadsEveryParentByKey() {
        try (Harness h = new Harness(4)) {
            TaskGraph.Builder b = TaskGraph.builder();
            int[] middle = new int[50];
            int root = b.add(NAME, "root");
            for (int i = 0; i < middle.length; i++) {
                middle[i] = i % 2 == 0 ? b.add(NAME, "m" + i, root) : b.add("m" + i, NAME, "m" + i, new int[] {root});
            }
            b.add(TaskSpec.of((String s, TaskContext c) -> {
                List<String> seen = new ArrayList<>();
                for (String key : c.parentKeys()) {
                    seen.add(c.<String>parentOutput(key));
                }
                assertEquals(TaskState.COMPLETED, c.parentState("#1"));
                assertEquals("m1", c.<String>parentOutput("m1"));
                assertThrows(IllegalArgumentException.class, () -> c.parentOutput("#2"), "m1 has a key of its own");
                return String.join(",", seen);
            }).build(), "sink", middle);
            SubmittedGraph g = h.engine.submit(b.build());
            runToEnd(h);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < middle.length; i++) {
                expected.add("m" + i);
            }
            assertEquals(String.join(",", expected), g.task("#51").future().join());
        }
    }
}
