package io.htcengine.api;

import io.htcengine.spi.Execution;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the ready-queue limit, a node runs tasks in strict rank order: the highest priority first, INTERACTIVE
 * before the rest of its priority, first in first out within that — against a model that knows every accepted task,
 * however many of them still wait in their lanes. Several slots, so that one dispatch pass starts several tasks and
 * passes from one rank to the next (where lanes the limit held back must be admitted first).
 */
class ReadyQueueLimitProperties {
    private record Pending(long id, int rank, long seq) {
    }

    private static final Comparator<Pending> BEST_FIRST =
        Comparator.comparingInt((Pending p) -> -p.rank()).thenComparingLong(Pending::seq);

    /**
     * Each action: below 50 submits a task (priority, of the first {@code priorities}, and type from the value), below 75 completes a running task
     * (chosen by the value), else runs the loop until it is idle: the tasks it dispatched must be, in order, the
     * model's best pending ones, as many as there were free slots (several slots freed between two runs of the loop
     * are filled in one dispatch pass).
     */
    @Property(tries = 300)
    void tasksStartInStrictRankOrderWhateverTheLimit(
        @ForAll @IntRange(min = 0, max = 6) int limitChoice,
        @ForAll @IntRange(min = 1, max = 4) int slots,
        @ForAll @IntRange(min = 1, max = 10) int priorities,
        @ForAll @Size(max = 150) List<@IntRange(min = 0, max = 99) Integer> actions) {
        int limit = new int[] {0, 1, 2, 3, 5, 8, 2048}[limitChoice];
        try (Harness h = new Harness(slots, Engine.builder().readyQueueLimit(limit).laneCapacity(256))) {
            Session session = h.engine.openSession();
            List<Pending> pending = new ArrayList<>();
            List<Execution> running = new ArrayList<>();
            long seq = 0;
            for (int a : actions) {
                if (a < 50) {
                    int priority = 1 + (a * 7) % priorities; // few priorities: more tasks share a rank
                    boolean interactive = a % 4 == 0;
                    TaskSpec<Integer, Integer> spec = TaskSpec.of((Integer x, TaskContext c) -> x).priority(priority)
                        .type(interactive ? TaskType.INTERACTIVE : TaskType.BATCH).build();
                    TaskHandle<Integer> t = session.submit(spec, a);
                    pending.add(new Pending(t.id(), (priority - 1) * 2 + (interactive ? 1 : 0), seq++));
                    continue;
                }
                if (a < 75) {
                    if (!running.isEmpty()) {
                        running.remove(a % running.size()).complete(null);
                    }
                    continue;
                }
                h.settle();
                List<Execution> dispatched = h.dispatched();
                pending.sort(BEST_FIRST);
                assertEquals(Math.min(slots - running.size(), pending.size()), dispatched.size(),
                    "every free slot takes a pending task");
                for (Execution e : dispatched) {
                    assertEquals(pending.remove(0).id(), e.taskId(), "the best pending task starts next (limit "
                        + limit + ", " + slots + " slots)");
                    running.add(e);
                }
            }
            running.forEach(e -> e.complete(null)); // the engine terminates only when its running tasks report
        }
    }
}
