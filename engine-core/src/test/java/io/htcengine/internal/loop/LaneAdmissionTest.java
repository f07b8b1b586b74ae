package io.htcengine.internal.loop;

import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.internal.lane.Lanes;
import io.htcengine.internal.ready.ReadyQueue;
import io.htcengine.internal.task.Task;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LaneAdmission#anyAdmissible}: what the loop counts as input from the lanes before it sleeps — the tasks its
 * next cycle would admit, not those the ready-queue limit holds back.
 */
class LaneAdmissionTest {
    private static final TaskSpec<Object, Object> LOW = spec(3);
    private static final TaskSpec<Object, Object> HIGH = spec(7);

    private final Lanes lanes = new Lanes(16);
    private final ReadyQueue ready = new ReadyQueue();
    private final LaneAdmission admission = new LaneAdmission(lanes, ready, 2, t -> { });
    private long nextId = 1;

    private static TaskSpec<Object, Object> spec(int priority) {
        return TaskSpec.of((Object in, TaskContext c) -> in).priority(priority).build();
    }

    private Task task(TaskSpec<Object, Object> spec) {
        return new Task(nextId++, spec, null, StubOwner.PLAIN, 0);
    }

    @Test
    void emptyLanesHoldNothingAdmissible() {
        assertFalse(admission.anyAdmissible());
    }

    @Test
    void belowTheLimitAnyLaneTaskIsAdmissible() {
        ready.push(task(LOW));
        lanes.offer(task(LOW));
        assertTrue(admission.anyAdmissible());
    }

    @Test
    void atTheLimitOnlyTasksThatOutrankTheReadyOnesAre() {
        ready.push(task(LOW));
        ready.push(task(LOW));
        lanes.offer(task(LOW));
        assertFalse(admission.anyAdmissible(), "held back by the limit: no input to wake for");
        lanes.offer(task(HIGH));
        assertTrue(admission.anyAdmissible(), "outranks every ready task");
    }

    @Test
    void aDrainMakesWhatTheLanesHoldAdmissible() {
        ready.push(task(LOW));
        ready.push(task(LOW));
        lanes.offer(task(LOW));
        admission.drain();
        assertTrue(admission.anyAdmissible(), "a cancel or a stall admits what the lanes hold regardless of the limit");
    }
}
