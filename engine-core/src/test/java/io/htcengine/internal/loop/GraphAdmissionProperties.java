package io.htcengine.internal.loop;

import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.api.TaskType;
import io.htcengine.internal.ready.ReadyQueue;
import io.htcengine.internal.task.StateCounters;
import io.htcengine.internal.task.Task;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graph whose tasks the submitter is still making ({@link GraphAdmission.Pending#made}) is admitted only as far as
 * they are made, in topological order, and a task only while no task not made yet outranks it — so a graph's tasks
 * start in rank order as if it had arrived whole. Checked against the plain rule on random ranks, random chunks
 * made between loop cycles, random dispatches, and a graph whose making fails part-way.
 */
class GraphAdmissionProperties {
    static TaskSpec<Object, Object> spec(int rank) {
        return TaskSpec.of((Object in, io.htcengine.api.TaskContext c) -> in).priority(1 + rank / 2)
            .type(rank % 2 == 1 ? TaskType.INTERACTIVE : TaskType.BATCH).build();
    }

    /**
     * Ranks 0 to 19 for the tasks of one graph (independent tasks: their topological order is their order); actions
     * between loop cycles: below 40 the submitter makes up to {@code a} more tasks, below 70 one ready task is
     * dispatched, else a cycle runs. With {@code failAt} ≥ 0 the making stops there and the graph is cut.
     */
    @Property(tries = 400)
    void aGraphBeingMadeIsAdmittedInOrderAndNeverAheadOfABetterTaskNotMadeYet(
        @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 19) Integer> ranks,
        @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 99) Integer> actions,
        @ForAll @IntRange(min = 0, max = 6) int admitAhead,
        @ForAll @IntRange(min = 1, max = 8) int budget,
        @ForAll @IntRange(min = -1, max = 60) int failAt) {
        int n = ranks.size();
        int end = failAt >= 0 && failAt < n ? failAt : n;
        TaskGraph.Builder b = TaskGraph.builder();
        for (int rank : ranks) {
            b.add(spec(rank), null);
        }
        TaskGraph graph = b.build();
        ReadyQueue ready = new ReadyQueue();
        StateCounters counts = new StateCounters();
        List<Task> admitted = new ArrayList<>();
        int[] madeNow = {0};
        GraphAdmission.Pending[] pending = {null};
        GraphAdmission admission = new GraphAdmission(ready, counts, admitAhead, t -> {
            int k = admitted.size();
            assertTrue(k < madeNow[0], "admitted task " + k + " of which only " + madeNow[0] + " are made");
            assertEquals(pending[0].tasks[k], t, "in topological order");
            for (int u = madeNow[0]; u < end; u++) {
                assertTrue(t.rank() >= ranks.get(u), "task " + k + " of rank " + t.rank() + " admitted while task "
                    + u + " of rank " + ranks.get(u) + " is not made yet");
            }
            admitted.add(t);
            counts.move(TaskState.SUBMITTED, TaskState.QUEUED);
            ready.push(t);
        });
        Task[] tasks = new Task[n];
        pending[0] = new GraphAdmission.Pending(tasks, GraphAdmission.suffixMaxRank(graph));
        List<Integer> plan = new ArrayList<>(actions);
        for (int i = 0; i < 6 * n + 12; i++) {
            plan.add(new int[] {39, 69, 99}[i % 3]); // then make the rest, dispatch and run cycles: all is admitted
        }
        boolean told = false;
        for (int a : plan) {
            if (a < 40) {
                int to = Math.min(end, madeNow[0] + 1 + a % 7);
                if (to == madeNow[0] && told) {
                    continue;
                }
                for (int k = madeNow[0]; k < to; k++) {
                    tasks[k] = new Task(k + 1, graph.spec(graph.topologicalOrder(k)), null, StubOwner.PLAIN, 0);
                }
                madeNow[0] = to;
                boolean cut = to == end && end < n;
                if (!told) {
                    if (to == 0) {
                        continue; // failed before any task was made: the loop never hears of the graph
                    }
                    admission.add(pending[0], to);
                    told = true;
                    if (cut) {
                        admission.made(pending[0], to, true);
                    }
                } else {
                    admission.made(pending[0], to, cut);
                }
            } else if (a < 70) {
                Task t = ready.pop();
                if (t != null) {
                    counts.move(TaskState.QUEUED, TaskState.RUNNING);
                }
            } else {
                admission.admitCycle(budget);
            }
        }
        assertEquals(end, admitted.size(), "every task made is admitted in the end, and no other");
        assertTrue(admission.isEmpty(), "the graph leaves the admission once its last task is admitted");
    }

    /** What an explanation says of a graph held because a task not made yet outranks its next one, and once made. */
    @net.jqwik.api.Example
    void aGraphHeldForATaskNotMadeYetSaysSo() {
        TaskGraph graph = TaskGraph.builder().add("low0", spec(0), null).add("low1", spec(0), null)
            .add("high", spec(19), null).build();
        Task[] tasks = new Task[3];
        for (int k = 0; k < 2; k++) {
            tasks[k] = new Task(k + 1, graph.spec(graph.topologicalOrder(k)), null, StubOwner.PLAIN, 0);
        }
        GraphAdmission.Pending g = new GraphAdmission.Pending(tasks, GraphAdmission.suffixMaxRank(graph));
        List<Task> admitted = new ArrayList<>();
        GraphAdmission admission = new GraphAdmission(new ReadyQueue(), new StateCounters(), 0, admitted::add);
        admission.add(g, 2);
        assertEquals(0, admission.admitCycle(10), "the rank-19 task is not made yet");
        assertEquals("; its graph is still being made, and a task of it not made yet outranks the next one",
            admission.whyGraphWaits(tasks[0]));
        tasks[2] = new Task(3, graph.spec(graph.topologicalOrder(2)), null, StubOwner.PLAIN, 0);
        admission.made(g, 3, false);
        assertEquals("", admission.whyGraphWaits(tasks[0]), "no limit holds it now");
        assertEquals(3, admission.admitCycle(10));
        assertEquals(List.of(tasks[0], tasks[1], tasks[2]), admitted, "in topological order");
        assertEquals(null, admission.whyGraphWaits(tasks[0]), "admitted: no longer pending");
    }
}
