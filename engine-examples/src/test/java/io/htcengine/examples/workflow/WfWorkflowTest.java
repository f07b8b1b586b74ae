package io.htcengine.examples.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(5)
class WfWorkflowTest {
    /** a -> b, a -> c, b -> d, c -> d; runtimes 1, 5, 2, 1. */
    private final WfWorkflow diamond = new WfWorkflow("diamond", "test", List.of(
        task("a", 1), task("b", 5, "a"), task("c", 2, "a"), task("d", 1, "b", "c")), List.of());

    @Test
    void bottomLevelsAndCriticalPath() {
        assertArrayEquals(new double[] {7, 6, 3, 1}, diamond.bottomLevels(WfTask::runtimeSeconds));
        assertEquals(7, diamond.criticalPathSeconds());
        assertEquals(3, diamond.criticalPath(t -> 1), "by task count: a, b or c, d");
        assertEquals(4, diamond.edgeCount());
    }

    @Test
    void childrenAreTheInverseOfParents() {
        assertEquals(Map.of("a", List.of("b", "c"), "b", List.of("d"), "c", List.of("d"), "d", List.of()),
            diamond.childrenById());
    }

    @Test
    void onlyADagInTopologicalOrderIsAWorkflow() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
            () -> new WfWorkflow("w", "test", List.of(task("b", 1, "a"), task("a", 1)), List.of()));
        assertTrue(order.getMessage().contains("task 'b' has parent 'a', which is not before it"), order.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> new WfWorkflow("w", "test", List.of(task("b", 1, "x")), List.of()));
        assertTrue(unknown.getMessage().contains("not a task of the workflow"), unknown.getMessage());

        assertThrows(IllegalArgumentException.class,
            () -> new WfWorkflow("w", "test", List.of(task("a", 1), task("a", 1)), List.of()));
    }

    @Test
    void aTaskChecksItsValues() {
        assertThrows(IllegalArgumentException.class, () -> task("a", -1));
        assertThrows(IllegalArgumentException.class, () -> task("a", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> task("a", 1, "a"));
        assertThrows(IllegalArgumentException.class, () -> task("a", 1, "b", "b"));
        assertThrows(IllegalArgumentException.class, () -> new WfTask("a", List.of(), 1, 0, OptionalLong.empty()));
        assertThrows(IllegalArgumentException.class, () -> new WfTask("a", List.of(), 1, 1, OptionalLong.of(-1)));
        assertThrows(IllegalArgumentException.class, () -> new WfTask(" ", List.of(), 1, 1, OptionalLong.empty()));
    }

    private static WfTask task(String id, double runtimeSeconds, String... parents) {
        return new WfTask(id, List.of(parents), runtimeSeconds, 1, OptionalLong.empty());
    }
}
