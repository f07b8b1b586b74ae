package io.htcengine.api;

import io.htcengine.spi.Execution;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random submit / cancel / complete / fail / clock sequences against a simple reference model of the scheduler:
 * after every step each task is in the state the model predicts, every transition a listener saw is a legal
 * edge, and once the run is drained every accepted task has reached exactly one terminal state.
 */
class TaskLifecycleProperties {
    private static final long BACKOFF_MS = 10;
    private static final int MAX_ATTEMPTS = 2;

    sealed interface Action permits Submit, Cancel, Complete, Fail, Advance {
    }

    record Submit(int priority, boolean interactive) implements Action {
    }

    record Cancel(int pick) implements Action {
    }

    record Complete(int pick) implements Action {
    }

    record Fail(int pick) implements Action {
    }

    record Advance(long ms) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> submit = Combinators.combine(Arbitraries.integers().between(1, 10), Arbitraries.of(true, false))
            .as(Submit::new);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, submit),
            net.jqwik.api.Tuple.of(2, pick.map(Cancel::new)),
            net.jqwik.api.Tuple.of(4, pick.map(Complete::new)),
            net.jqwik.api.Tuple.of(2, pick.map(Fail::new)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 3 * BACKOFF_MS).map(Advance::new)));
        return action.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 300)
    void everyTaskFollowsTheModelAndEndsInExactlyOneTerminalState(
        @ForAll("actions") List<Action> actions, @ForAll @IntRange(min = 1, max = 3) int slots) {
        RetryPolicy retry = RetryPolicy.exponential(MAX_ATTEMPTS, Duration.ofMillis(BACKOFF_MS), Duration.ofMillis(BACKOFF_MS));
        try (Harness h = new Harness(slots, Engine.builder().defaultRetry(retry))) {
            Model model = new Model(slots);
            List<TaskHandle<Integer>> handles = new ArrayList<>();
            List<Execution> inFlight = new ArrayList<>();
            for (Action a : actions) {
                apply(a, h, model, handles, inFlight);
                h.settle();
                inFlight.addAll(h.dispatched());
                model.settle(h.clock.nanoTime());
                assertMatches(model, handles, inFlight);
            }
            // Drain: report every running task, let retries come due, until nothing is live.
            int rounds = handles.size() * MAX_ATTEMPTS + 10; // one slot may finish one attempt a round
            for (int round = 0; round < rounds && !model.allTerminal(); round++) {
                for (Execution e : inFlight) {
                    e.complete(0);
                    model.report(e.taskId(), true);
                }
                inFlight.clear();
                h.clock.advance(Duration.ofMillis(BACKOFF_MS));
                h.settle();
                inFlight.addAll(h.dispatched());
                model.settle(h.clock.nanoTime());
                assertMatches(model, handles, inFlight);
            }
            assertTrue(model.allTerminal(), "drained");
            assertTransitionsLegal(h.events, handles);
        }
    }

    private static void apply(Action a, Harness h, Model model, List<TaskHandle<Integer>> handles, List<Execution> inFlight) {
        if (a instanceof Submit s) {
            TaskSpec<Integer, Integer> spec = TaskSpec.of((Integer x, TaskContext c) -> x).priority(s.priority())
                .type(s.interactive() ? TaskType.INTERACTIVE : TaskType.BATCH).build();
            TaskHandle<Integer> t = h.engine.submit(spec, handles.size());
            handles.add(t);
            model.submit(t.id(), s.priority(), s.interactive());
        } else if (a instanceof Cancel c && !handles.isEmpty()) {
            TaskHandle<Integer> t = handles.get(c.pick() % handles.size());
            boolean sent = t.cancel();
            assertEquals(!model.state(t.id()).isTerminal(), sent, "cancel() says whether the task was still live");
            model.cancel(t.id());
        } else if (a instanceof Complete c && !inFlight.isEmpty()) {
            Execution e = inFlight.remove(c.pick() % inFlight.size());
            e.complete(e.taskId());
            model.report(e.taskId(), true);
        } else if (a instanceof Fail f && !inFlight.isEmpty()) {
            Execution e = inFlight.remove(f.pick() % inFlight.size());
            e.fail(new IllegalStateException("planned failure"));
            model.report(e.taskId(), false);
        } else if (a instanceof Advance adv) {
            h.clock.advance(Duration.ofMillis(adv.ms()));
        }
    }

    private static void assertMatches(Model model, List<TaskHandle<Integer>> handles, List<Execution> inFlight) {
        for (TaskHandle<Integer> t : handles) {
            assertEquals(model.state(t.id()), t.state(), "state of task " + t.id());
            assertEquals(model.attempts(t.id()), t.attempts(), "attempts of task " + t.id());
        }
        assertEquals(model.running(), inFlight.size(), "running tasks are exactly those dispatched and unreported");
        assertTrue(model.running() <= model.slots, "never more running than slots");
    }

    private static void assertTransitionsLegal(List<String> events, List<TaskHandle<Integer>> handles) {
        Map<Long, TaskState> last = new HashMap<>();
        Map<Long, Integer> terminals = new HashMap<>();
        for (String e : events) {
            String[] idAndEdge = e.split(":");
            long id = Long.parseLong(idAndEdge[0]);
            String[] edge = idAndEdge[1].split("->");
            TaskState from = TaskState.valueOf(edge[0]);
            TaskState to = TaskState.valueOf(edge[1]);
            assertEquals(last.getOrDefault(id, TaskState.SUBMITTED), from, "events of task " + id + " chain up");
            assertTrue(from.canTransitionTo(to), "legal edge " + e);
            last.put(id, to);
            if (to.isTerminal()) {
                terminals.merge(id, 1, Integer::sum);
            }
        }
        for (TaskHandle<Integer> t : handles) {
            assertEquals(1, terminals.getOrDefault(t.id(), 0), "task " + t.id() + " reached exactly one terminal state");
            assertTrue(t.future().isDone());
        }
    }

    /** What the scheduler should do, written as plainly as possible. */
    static final class Model {
        final int slots;
        final Map<Long, ModelTask> tasks = new HashMap<>();
        final List<ModelTask> lane = new ArrayList<>();   // SUBMITTED, in submission order
        final List<ModelTask> ready = new ArrayList<>();  // QUEUED, in push order
        long pushSeq;
        long nowNs;

        Model(int slots) {
            this.slots = slots;
        }

        void submit(long id, int priority, boolean interactive) {
            ModelTask t = new ModelTask(id, priority, interactive);
            tasks.put(id, t);
            lane.add(t);
        }

        void cancel(long id) {
            ModelTask t = tasks.get(id);
            if (t.state.isTerminal()) {
                return;
            }
            t.cancelRequested = true;
            switch (t.state) {
                case QUEUED -> {
                    ready.remove(t);
                    t.state = TaskState.CANCELLED;
                }
                case RETRY -> t.state = TaskState.CANCELLED;
                default -> { } // SUBMITTED: at admission; RUNNING: when reported
            }
        }

        void report(long id, boolean success) {
            ModelTask t = tasks.get(id);
            assertEquals(TaskState.RUNNING, t.state, "only running tasks are reported");
            if (t.cancelRequested) {
                t.state = TaskState.CANCELLED;
            } else if (success) {
                t.state = TaskState.COMPLETED;
            } else if (t.attempts < MAX_ATTEMPTS) {
                t.state = TaskState.RETRY;
                t.retryDueNs = -1; // set when the loop sees the report, at the next settle
            } else {
                t.state = TaskState.FAILED;
            }
        }

        /** One settle = the loop run until idle at time {@code now}: timers, admission, dispatch. */
        void settle(long now) {
            nowNs = now;
            for (ModelTask t : tasks.values()) {
                if (t.state == TaskState.RETRY && t.retryDueNs == -1) {
                    t.retryDueNs = now + BACKOFF_MS * 1_000_000;
                }
            }
            tasks.values().stream()
                .filter(t -> t.state == TaskState.RETRY && t.retryDueNs <= now)
                .sorted(java.util.Comparator.comparingLong((ModelTask t) -> t.retryDueNs).thenComparingLong(t -> t.id))
                .forEach(this::push);
            lane.sort((a, b) -> Integer.compare(b.priority, a.priority)); // stable: FIFO within a priority
            for (ModelTask t : lane) {
                if (t.cancelRequested) {
                    t.state = TaskState.CANCELLED;
                } else {
                    push(t);
                }
            }
            lane.clear();
            while (running() < slots && !ready.isEmpty()) {
                ModelTask best = ready.get(0);
                for (ModelTask t : ready) {
                    if (rank(t) > rank(best) || (rank(t) == rank(best) && t.pushSeq < best.pushSeq)) {
                        best = t;
                    }
                }
                ready.remove(best);
                best.state = TaskState.RUNNING;
                best.attempts++;
            }
        }

        private void push(ModelTask t) {
            t.state = TaskState.QUEUED;
            t.pushSeq = pushSeq++;
            ready.add(t);
        }

        private static int rank(ModelTask t) {
            return t.priority * 2 + (t.interactive ? 1 : 0);
        }

        int running() {
            return (int) tasks.values().stream().filter(t -> t.state == TaskState.RUNNING).count();
        }

        TaskState state(long id) {
            return tasks.get(id).state;
        }

        int attempts(long id) {
            return tasks.get(id).attempts;
        }

        boolean allTerminal() {
            return tasks.values().stream().allMatch(t -> t.state.isTerminal());
        }
    }

    static final class ModelTask {
        final long id;
        final int priority;
        final boolean interactive;
        TaskState state = TaskState.SUBMITTED;
        boolean cancelRequested;
        int attempts;
        long retryDueNs;
        long pushSeq;

        ModelTask(long id, int priority, boolean interactive) {
            this.id = id;
            this.priority = priority;
            this.interactive = interactive;
        }
    }
}
