package io.htcengine.api;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.ManualExecutor;
import io.htcengine.spi.PlacementPolicy;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host's plug-in that fails (a scheduling or placement policy, a listener) is logged and contained on the
 * scheduler's side: no accepted task is lost, the loop keeps running, and shutdown finishes. (The cluster's plug-ins,
 * provisioners and executors, are in ClusterPluginFaultTest.)
 */
class PluginFaultTest {
    private static final TaskSpec<Integer, Integer> ECHO = Harness.echo(5);

    /** FCFS, with faults injected where the test says. */
    private static final class FaultyPolicy implements SchedulingPolicy {
        final SchedulingPolicy fcfs = SchedulingPolicy.fcfs();
        Predicate<QueuedTask> addFails = t -> false;
        int scheduleFailures;
        boolean explainFails;

        @Override
        public void add(QueuedTask task) {
            if (addFails.test(task)) {
                throw new IllegalStateException("policy bug in add");
            }
            fcfs.add(task);
        }

        @Override
        public int schedule(Dispatcher dispatcher) {
            if (scheduleFailures > 0) {
                scheduleFailures--;
                throw new StackOverflowError("policy bug in schedule");
            }
            return fcfs.schedule(dispatcher);
        }

        @Override
        public int size() {
            return fcfs.size();
        }

        @Override
        public String explain(QueuedTask task, Dispatcher dispatcher) {
            if (explainFails) {
                throw new IllegalStateException("policy bug in explain");
            }
            return fcfs.explain(task, dispatcher);
        }

        @Override
        public String toString() {
            return "faulty-fcfs";
        }
    }

    private static void shutDown(Harness h) throws InterruptedException {
        h.engine.shutdown();
        for (int i = 0; i < 100 && !h.engine.isTerminated(); i++) {
            h.settle();
            h.executor.runAll();
        }
        assertTrue(h.engine.awaitTermination(Duration.ofSeconds(5)), "shutdown finishes");
    }

    @Test
    void aListenerThatThrowsAnErrorIsLoggedAndEveryEventIsDeliveredOnce() throws InterruptedException {
        AtomicInteger completed = new AtomicInteger();
        TaskListener broken = e -> {
            throw new AssertionError("listener bug");
        };
        TaskListener counting = e -> {
            if (e.to() == TaskState.COMPLETED) {
                completed.incrementAndGet();
            }
        };
        Harness h = new Harness(1, Engine.builder().listener(broken).listener(counting));
        TaskHandle<Integer> t = h.engine.submit(ECHO, 7);
        h.settle();
        h.executor.runAll();
        h.settle();
        assertEquals(7, t.future().getNow(null));
        assertEquals(1, completed.get(), "the event after the failing listener's came once, not again");
        shutDown(h);
    }

    @Test
    void aTaskThePolicyRefusesToTakeIsCancelledWithTheReasonAndTheRestRun() throws InterruptedException {
        FaultyPolicy policy = new FaultyPolicy();
        Harness h = new Harness(2, Engine.builder().scheduling(policy));
        TaskHandle<Integer> first = h.engine.submit(ECHO, 1);
        policy.addFails = task -> task.id() == first.id() + 1;
        TaskHandle<Integer> refused = h.engine.submit(ECHO, 2);
        TaskHandle<Integer> third = h.engine.submit(ECHO, 3);
        h.settle();
        h.executor.runAll();
        h.settle();
        assertEquals(TaskState.COMPLETED, first.state());
        assertEquals(TaskState.COMPLETED, third.state());
        assertEquals(TaskState.CANCELLED, refused.state());
        assertEquals("the scheduling policy faulty-fcfs failed to take it: java.lang.IllegalStateException: policy bug"
            + " in add", refused.reason());
        shutDown(h);
    }

    @Test
    void aRetryThePolicyRefusesEndsCancelledAndTheLoopGoesOn() throws InterruptedException {
        FaultyPolicy policy = new FaultyPolicy();
        Harness h = new Harness(1, Engine.builder().scheduling(policy));
        TaskSpec<Integer, Integer> failsOnce = TaskSpec.of((Integer x, TaskContext c) -> {
            if (c.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return x;
        }).retry(RetryPolicy.exponential(2, Duration.ofMillis(1), Duration.ofMillis(1))).build();
        TaskHandle<Integer> retried = h.engine.submit(failsOnce, 1);
        h.settle();
        h.executor.runAll();
        h.settle();
        assertEquals(TaskState.RETRY, retried.state());
        policy.addFails = task -> task.id() == retried.id();
        h.clock.advance(Duration.ofMillis(5));
        h.settle();
        assertEquals(TaskState.CANCELLED, retried.state());
        policy.addFails = task -> false;
        TaskHandle<Integer> later = h.engine.submit(ECHO, 2);
        h.settle();
        h.executor.runAll();
        h.settle();
        assertEquals(TaskState.COMPLETED, later.state(), "the loop is not wedged");
        shutDown(h);
    }

    @Test
    void aPolicyWhoseScheduleThrowsIsAskedAgainAtTheNextCycle() throws InterruptedException {
        FaultyPolicy policy = new FaultyPolicy();
        policy.scheduleFailures = 1;
        Harness h = new Harness(3, Engine.builder().scheduling(policy));
        for (int i = 0; i < 3; i++) {
            h.engine.submit(ECHO, i);
        }
        h.settle(); // schedule() fails once
        h.settle(); // nothing new happened: the policy is asked again all the same
        assertEquals(3, h.engine.progress().running());
        h.executor.runAll();
        h.settle();
        assertEquals(3, h.engine.progress().completed());
        shutDown(h);
    }

    @Test
    void whyPendingAnswersWhenThePolicysExplainFails() throws Exception {
        FaultyPolicy policy = new FaultyPolicy();
        policy.explainFails = true;
        Harness h = new Harness(1, Engine.builder().scheduling(policy));
        h.engine.submit(ECHO, 1);
        TaskHandle<Integer> waiting = h.engine.submit(ECHO, 2);
        h.settle();
        CompletableFuture<String> why = waiting.whyPending();
        String answer = h.await(why);
        assertTrue(answer.startsWith("QUEUED, held by scheduling policy faulty-fcfs (its explain() failed: "
            + "java.lang.IllegalStateException: policy bug in explain)"), answer);
        h.executor.runAll();
        shutDown(h);
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aPlacementPolicyThatFailsOrAnswersWronglyLeavesTheTaskWaitingAndItRunsLater() throws InterruptedException {
        ManualExecutor executor = new ManualExecutor();
        AtomicInteger calls = new AtomicInteger();
        PlacementPolicy flaky = (request, candidates) -> {
            switch (calls.incrementAndGet()) {
                case 2:
                    return 99; // not a candidate
                case 3:
                    throw new IllegalStateException("placement bug");
                default:
                    return candidates.firstFit();
            }
        };
        Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).clock(new ManualClock())
            .node(NodeSpec.withExecutor("n0", 1, executor)).node(NodeSpec.withExecutor("n1", 1, executor))
            .placement(flaky).build();
        try {
            TaskHandle<Integer> a = engine.submit(ECHO, 1);
            TaskHandle<Integer> b = engine.submit(ECHO, 2);
            engine.runUntilIdle(100);
            assertEquals(TaskState.RUNNING, a.state());
            assertEquals(TaskState.QUEUED, b.state(), "declined, not lost");
            executor.runAll(); // a's slot is freed: b is tried again, and the policy throws
            engine.runUntilIdle(100);
            assertEquals(TaskState.COMPLETED, a.state());
            assertEquals(TaskState.QUEUED, b.state(), "declined again, still not lost");
            TaskHandle<Integer> c = engine.submit(ECHO, 3); // the next try: the policy answers well again
            engine.runUntilIdle(100);
            for (int round = 0; round < 3; round++) { // two slots, and b and c placed as they free
                executor.runAll();
                engine.runUntilIdle(100);
            }
            assertEquals(TaskState.COMPLETED, b.state());
            assertEquals(TaskState.COMPLETED, c.state());
        } finally {
            engine.shutdownNow();
            executor.drain().forEach(e -> e.fail(new IllegalStateException("test over")));
            engine.runUntilIdle(100);
        }
        assertTrue(engine.isTerminated());
    }

    @Test
    void aPolicyCannotStartATaskItWasNotGiven() throws InterruptedException {
        FaultyPolicy fcfs = new FaultyPolicy();
        java.util.List<TaskHandle<?>> smuggled = new java.util.ArrayList<>();
        java.util.List<String> refusals = new java.util.ArrayList<>();
        SchedulingPolicy smuggler = new SchedulingPolicy() {
            @Override
            public void add(QueuedTask task) {
                fcfs.add(task);
            }

            @Override
            public int schedule(Dispatcher dispatcher) {
                for (TaskHandle<?> h : smuggled) { // a graph child whose parent runs, or another engine's task
                    try {
                        dispatcher.tryStart((QueuedTask) h);
                    } catch (IllegalArgumentException e) {
                        refusals.add(e.getMessage());
                    }
                }
                return fcfs.schedule(dispatcher);
            }

            @Override
            public int size() {
                return fcfs.size();
            }
        };
        Harness h = new Harness(4, Engine.builder().scheduling(smuggler));
        SubmittedGraph graph = h.engine.submit(TaskGraph.builder().add("parent", ECHO, 1).add("child", ECHO, 2, "parent")
            .build());
        Harness other = new Harness(1);
        smuggled.add(graph.task("child"));
        smuggled.add(other.engine.submit(ECHO, 3));
        h.settle();
        assertEquals(TaskState.RUNNING, graph.task("parent").state());
        assertEquals(TaskState.QUEUED, graph.task("child").state(), "not started before its parent ended");
        assertTrue(refusals.size() >= 2 && refusals.get(0).startsWith("not a task the engine gave this policy: "),
            refusals.toString());
        smuggled.clear();
        h.executor.runAll();
        h.settle();
        h.executor.runAll();
        h.settle();
        assertEquals(TaskState.COMPLETED, graph.task("child").state());
        assertEquals(0, other.engine.progress().running(), "the other engine's task was not started here");
        shutDown(h);
        other.engine.shutdownNow();
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void anErrorThatStopsTheSchedulerThreadIsReportedNotAHang() throws InterruptedException {
        org.agrona.concurrent.IdleStrategy broken = new org.agrona.concurrent.IdleStrategy() {
            @Override
            public void idle(int workCount) {
                throw new StackOverflowError("idle strategy bug");
            }

            @Override
            public void idle() {
                idle(0);
            }

            @Override
            public void reset() {
            }
        };
        Engine engine = Engine.builder().workerThreads(1).idleStrategy(broken).build();
        // The loop thread dies at its first idle cycle; awaitTermination waits on the termination, no polling.
        IllegalStateException abnormal = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> engine.awaitTermination(Duration.ofSeconds(5)));
        assertEquals("engine terminated abnormally", abnormal.getMessage());
        java.util.concurrent.RejectedExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.RejectedExecutionException.class, () -> engine.submit(ECHO, 1),
            "submits are refused once the scheduler thread has stopped");
        assertEquals("the engine's scheduler stopped on an error and accepts nothing more: java.lang.StackOverflowError:"
            + " idle strategy bug", refused.getMessage());
        assertTrue(abnormal.getCause() instanceof StackOverflowError, String.valueOf(abnormal.getCause()));
    }
}
