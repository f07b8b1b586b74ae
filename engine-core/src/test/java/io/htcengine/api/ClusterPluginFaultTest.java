package io.htcengine.api;

import io.htcengine.spi.Execution;
import io.htcengine.spi.ManualExecutor;
import io.htcengine.spi.NodeExecutor;
import io.htcengine.spi.NodeProvisioner;
import io.htcengine.spi.NodeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Host plug-ins on the cluster side (node executors, the provisioner) that throw: the failure is logged, no accepted
 * task is lost, and the engine goes on (and terminates).
 */
class ClusterPluginFaultTest {
    static final TaskSpec<Object, Object> ECHO = TaskSpec.of((Object x, TaskContext c) -> x).build();

    /** A node executor whose start() or close() may throw; its executions wait in a {@link ManualExecutor}. */
    static final class FaultyExecutor implements NodeExecutor {
        final ManualExecutor tasks = new ManualExecutor();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile RuntimeException onStart;
        volatile RuntimeException onClose;
        volatile Error onFlush;
        volatile Error onCancel;
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public void flush() {
            flushes.incrementAndGet();
            if (onFlush != null) {
                throw onFlush;
            }
        }

        @Override
        public void cancel(Execution execution) {
            cancels.incrementAndGet();
            if (onCancel != null) {
                throw onCancel;
            }
        }

        @Override
        public void start(String nodeName) {
            starts.incrementAndGet();
            if (onStart != null) {
                throw onStart;
            }
        }

        @Override
        public void execute(Execution execution) {
            tasks.execute(execution);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (onClose != null) {
                throw onClose;
            }
        }
    }

    /** The one execution the nodes were given ({@code why} it is one) runs, and its task completes. */
    private static void runsAndCompletes(Engine e, List<Execution> ran, TaskHandle<?> h, String why) {
        assertEquals(1, ran.size(), why);
        ran.get(0).complete("done");
        e.runUntilIdle(100);
        assertEquals(TaskState.COMPLETED, h.state());
    }

    private static EngineBuilder invoker(ManualClock clock) {
        return Engine.builder().threading(ThreadingMode.INVOKER).clock(clock);
    }

    private static ClusterStatus status(Engine e) {
        CompletableFuture<ClusterStatus> s = e.cluster().status();
        e.runUntilIdle(100);
        assertTrue(s.isDone(), "the status should be answered once the loop ran");
        return s.join();
    }

    private static int inState(PoolStatus p, NodeState state) {
        return p.nodesByState().getOrDefault(state, 0);
    }

    /** shutdownNow, fails what the executors still hold, and requires termination. */
    private static void stop(Engine e, ManualExecutor... executors) throws InterruptedException {
        e.shutdownNow();
        List<Execution> left = new ArrayList<>();
        for (ManualExecutor x : executors) {
            left.addAll(x.drain());
        }
        left.forEach(x -> x.fail(new IllegalStateException("test over")));
        assertTrue(e.awaitTermination(Duration.ofSeconds(5)), "the engine terminates");
    }

    @Test
    @Timeout(20)
    void aDrainedPoolNodeWhoseCloseAndReleaseThrowLosesNoCompletionAndIsRemovedAllTheSame() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        FaultyExecutor node = new FaultyExecutor();
        node.onClose = new IllegalStateException("connection reset");
        ManualExecutor ex = node.tasks;
        AtomicInteger releases = new AtomicInteger();
        NodeProvisioner provisioner = new NodeProvisioner() {
            @Override
            public void provision(NodeRequest request) {
                request.ready();
            }

            @Override
            public void release(String pool, String nodeName) {
                releases.incrementAndGet();
                throw new IllegalStateException("cloud API refused to release " + nodeName);
            }
        };
        Engine e = invoker(clock).provisioner(provisioner)
            .pool(PoolSpec.builder("p").template(NodeSpec.withExecutor("t", 1, node)).min(0).max(1).build()).build();
        try {
            e.cluster().scaleTo("p", 1);
            e.runUntilIdle(100);
            TaskHandle<Object> h = e.submit(ECHO, "x");
            e.runUntilIdle(100);
            assertEquals(TaskState.RUNNING, h.state());
            CompletableFuture<PoolStatus> down = e.cluster().scaleTo("p", 0);
            e.runUntilIdle(100);
            assertTrue(down.isDone());
            ex.drain().forEach(x -> x.complete("done"));
            e.runUntilIdle(100); // the report drains the node, which is closed and released: both throw
            assertEquals(TaskState.COMPLETED, h.state(), "the completion is not lost to the host's failures");
            assertEquals("done", h.future().getNow(null));
            assertEquals(1, node.closes.get());
            assertEquals(1, releases.get());
            PoolStatus p = status(e).pool("p");
            assertEquals(0, p.size(), "the node is removed all the same");
            assertEquals(1, p.released());
            TaskHandle<Object> later = e.submit(ECHO, "y");
            e.runUntilIdle(100);
            assertEquals(TaskState.QUEUED, later.state(), "the pool is at 0 nodes: the engine still takes work");
            assertThrows(IllegalArgumentException.class, () -> status(e).node("p-1"));
        } finally {
            stop(e, ex);
        }
    }

    @Test
    @Timeout(20)
    void aProvisionedNodeWhoseExecutorFailsToStartIsFailedNotUpAndThePoolAsksAgain() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        FaultyExecutor broken = new FaultyExecutor();
        broken.onStart = new IllegalStateException("host agent unreachable");
        ManualExecutor good = new ManualExecutor();
        AtomicInteger asked = new AtomicInteger();
        NodeProvisioner provisioner = r -> {
            if (asked.incrementAndGet() == 1) {
                r.ready(broken);
            } else {
                r.ready(good);
            }
        };
        Engine e = invoker(clock).provisioner(provisioner).autoscaleInterval(Duration.ofMillis(100))
            .pool(PoolSpec.builder("p").template(NodeSpec.withExecutor("t", 1, new ManualExecutor())).min(1).max(1)
                .build()).build();
        try {
            TaskHandle<Object> h = e.submit(ECHO, "x");
            e.runUntilIdle(100);
            assertEquals(1, broken.starts.get());
            assertEquals(TaskState.QUEUED, h.state());
            ClusterStatus s = status(e);
            assertEquals(NodeState.FAILED, s.node("p-1").state(), "a node whose executor did not start is not UP");
            PoolStatus p = s.pool("p");
            assertEquals(0, inState(p, NodeState.UP));
            assertEquals(1, p.nodeFailures());
            assertEquals(0, s.resource("slots").capacity(), "a node that never started holds no capacity");
            clock.advance(Duration.ofMillis(100)); // the next autoscale evaluation keeps the pool at its minimum
            e.runUntilIdle(100);
            assertEquals(2, asked.get(), "the pool asks for another node");
            List<Execution> ran = good.drain();
            runsAndCompletes(e, ran, h, "the task runs on the replacement");
            assertEquals(NodeState.UP, status(e).node("p-2").state());
        } finally {
            stop(e, good, broken.tasks);
        }
    }

    @Test
    @Timeout(20)
    void anAddedNodeWhoseExecutorFailsToStartIsFailedAndTheAnswerSaysSo() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        ManualExecutor good = new ManualExecutor();
        FaultyExecutor broken = new FaultyExecutor();
        broken.onStart = new IllegalStateException("host agent unreachable");
        Engine e = invoker(clock).node(NodeSpec.withExecutor("good", 1, good)).build();
        try {
            CompletableFuture<NodeStatus> added = e.cluster().addNode(NodeSpec.withExecutor("broken", 4, broken));
            e.runUntilIdle(100);
            java.util.concurrent.CompletionException thrown =
                assertThrows(java.util.concurrent.CompletionException.class, added::join);
            assertTrue(thrown.getCause().getMessage().startsWith("node broken did not start"),
                thrown.getCause().getMessage());
            assertEquals(NodeState.FAILED, status(e).node("broken").state());
            List<TaskHandle<Object>> hs = List.of(e.submit(ECHO, 1), e.submit(ECHO, 2));
            e.runUntilIdle(100);
            assertEquals(0, broken.tasks.pending(), "a node that did not start takes no work");
            assertEquals(1, good.pending());
            good.drain().forEach(x -> x.complete("done"));
            e.runUntilIdle(100);
            good.drain().forEach(x -> x.complete("done"));
            e.runUntilIdle(100);
            for (TaskHandle<Object> h : hs) {
                assertEquals(TaskState.COMPLETED, h.state());
            }
            CompletableFuture<NodeStatus> removed = e.cluster().remove("broken");
            e.runUntilIdle(100);
            assertEquals(NodeState.REMOVED, removed.join().state());
        } finally {
            stop(e, good, broken.tasks);
        }
    }

    @Test
    @Timeout(20)
    void aProvisionerThatThrowsAnErrorLeavesNoNodeProvisioningForeverAndIsAskedAgain() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        ManualExecutor ex = new ManualExecutor();
        AtomicInteger asked = new AtomicInteger();
        NodeProvisioner provisioner = r -> {
            if (asked.incrementAndGet() == 1) {
                throw new NoClassDefFoundError("com/cloud/Sdk");
            }
            r.ready();
        };
        Engine e = invoker(clock).provisioner(provisioner).autoscaleInterval(Duration.ofMillis(100))
            .pool(PoolSpec.builder("p").template(NodeSpec.withExecutor("t", 1, ex)).min(1).max(2).build()).build();
        try {
            TaskHandle<Object> h = e.submit(ECHO, "x");
            e.runUntilIdle(100);
            assertEquals(1, asked.get());
            assertEquals(TaskState.QUEUED, h.state());
            PoolStatus p = status(e).pool("p");
            assertEquals(0, inState(p, NodeState.PROVISIONING), "the node the provisioner failed on is not waited for");
            assertEquals(0, p.size());
            clock.advance(Duration.ofMillis(100));
            e.runUntilIdle(100);
            assertEquals(2, asked.get(), "the next evaluation asks again");
            List<Execution> ran = ex.drain();
            runsAndCompletes(e, ran, h, null);
        } finally {
            stop(e, ex);
        }
    }

    @Test
    @Timeout(20)
    void aProvisionerThatAnswersThenThrowsHasThatNodeReleasedAndIsAskedAgain() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        ManualExecutor ex = new ManualExecutor();
        AtomicInteger asked = new AtomicInteger();
        List<String> released = new ArrayList<>();
        NodeProvisioner provisioner = new NodeProvisioner() {
            @Override
            public void provision(NodeRequest request) {
                request.ready();
                if (asked.incrementAndGet() == 1) {
                    throw new NoClassDefFoundError("com/cloud/Metrics");
                }
            }

            @Override
            public void release(String pool, String nodeName) {
                released.add(nodeName);
            }
        };
        Engine e = invoker(clock).provisioner(provisioner).autoscaleInterval(Duration.ofMillis(100))
            .pool(PoolSpec.builder("p").template(NodeSpec.withExecutor("t", 1, ex)).min(1).max(1).build()).build();
        try {
            TaskHandle<Object> h = e.submit(ECHO, "x");
            e.runUntilIdle(100);
            assertEquals(List.of("p-1"), released, "the node the pool stopped waiting for goes back to the host");
            assertEquals(0, ex.pending());
            clock.advance(Duration.ofMillis(100));
            e.runUntilIdle(100);
            assertEquals(2, asked.get());
            List<Execution> ran = ex.drain();
            runsAndCompletes(e, ran, h, null);
            PoolStatus p = status(e).pool("p");
            assertEquals(1, p.size());
            assertEquals(1, p.released());
        } finally {
            stop(e, ex);
        }
    }

    @Test
    @Timeout(20)
    void anAutoscalePolicyThatThrowsAnErrorSkipsItsPoolOnlyAndTheLoopGoesOn() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        ManualExecutor ex = new ManualExecutor();
        AtomicInteger evaluations = new AtomicInteger();
        Engine e = invoker(clock).autoscaleInterval(Duration.ofMillis(100))
            .pool(PoolSpec.builder("a").template(NodeSpec.withExecutor("t", 1, ex)).min(0).max(2)
                .autoscale(m -> {
                    evaluations.incrementAndGet();
                    throw new AssertionError("autoscale bug");
                }).build())
            .pool(PoolSpec.builder("b").template(NodeSpec.withExecutor("t", 1, ex)).min(0).max(2)
                .autoscale(m -> 2).build())
            .build();
        try {
            e.runUntilIdle(100);
            clock.advance(Duration.ofMillis(100));
            e.runUntilIdle(100); // pool a's policy throws: a is left as it is, b is evaluated all the same
            clock.advance(Duration.ofMillis(100));
            e.runUntilIdle(100);
            assertTrue(evaluations.get() >= 2, "the failing policy is asked again at later evaluations");
            ClusterStatus s = status(e);
            assertEquals(0, s.pool("a").size());
            assertEquals(2, inState(s.pool("b"), NodeState.UP), "the pool after the failing one is scaled");
            TaskHandle<Object> h = e.submit(ECHO, "x");
            e.runUntilIdle(100);
            ex.drain().forEach(x -> x.complete("done"));
            e.runUntilIdle(100);
            assertEquals(TaskState.COMPLETED, h.state());
        } finally {
            stop(e, ex);
        }
    }

    @Test
    @Timeout(20)
    void anExecutorWhoseCloseThrowsDoesNotHoldUpTermination() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        FaultyExecutor a = new FaultyExecutor();
        FaultyExecutor b = new FaultyExecutor();
        a.onClose = new IllegalStateException("connection reset");
        Engine e = invoker(clock).node(NodeSpec.withExecutor("a", 2, a)).node(NodeSpec.withExecutor("b", 2, b)).build();
        TaskHandle<Object> h = e.submit(ECHO, "x");
        e.runUntilIdle(100);
        List<Execution> ran = new ArrayList<>(a.tasks.drain());
        ran.addAll(b.tasks.drain());
        runsAndCompletes(e, ran, h, null);
        e.shutdown();
        e.runUntilIdle(1000);
        assertTrue(e.isTerminated(), "termination completes although a node's close() threw");
        assertEquals(1, a.closes.get(), "close() is called once, not retried every cycle");
        assertEquals(1, b.closes.get(), "the other nodes are closed too");
    }

    @Test
    @Timeout(20)
    void aStaticNodeWhoseExecutorFailsToStartIsFailedAndTheOthersRun() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        FaultyExecutor broken = new FaultyExecutor();
        broken.onStart = new IllegalStateException("host agent unreachable");
        ManualExecutor good = new ManualExecutor();
        Engine e = invoker(clock)
            .node(NodeSpec.withExecutor("broken", 2, broken).withLabel("kind", "special"))
            .node(NodeSpec.withExecutor("good", 2, good)).build();
        try {
            TaskHandle<Object> plain = e.submit(ECHO, "x");
            TaskHandle<Object> special = e.submit(TaskSpec.of((Object x, TaskContext c) -> x)
                .nodeSelector("kind", "special").build(), "y");
            e.runUntilIdle(100);
            e.runUntilIdle(100);
            assertEquals(1, broken.starts.get(), "start() is called once, not retried every cycle");
            assertEquals(0, broken.tasks.pending());
            List<Execution> ran = good.drain();
            runsAndCompletes(e, ran, plain, "the node that started runs the task that fits it");
            assertEquals(TaskState.QUEUED, special.state());
            assertTrue(special.reason().startsWith("unschedulable: "), special.reason());
            ClusterStatus s = status(e);
            assertEquals(NodeState.FAILED, s.node("broken").state());
            assertEquals(NodeState.UP, s.node("good").state());
        } finally {
            stop(e, good, broken.tasks);
        }
    }

    @Test
    @Timeout(20)
    void aStaticNodeWhoseExecutorFailsToStartDoesNotStopTheDedicatedLoop() throws Exception {
        FaultyExecutor broken = new FaultyExecutor();
        broken.onStart = new IllegalStateException("host agent unreachable");
        Engine e = Engine.builder().node(NodeSpec.withExecutor("broken", 2, broken))
            .node(NodeSpec.localThreads("local", 1)).build();
        try {
            TaskHandle<Object> h = e.submit(ECHO, "x");
            assertEquals("x", h.future().get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, broken.starts.get());
            assertEquals(NodeState.FAILED, e.cluster().status().get(10, java.util.concurrent.TimeUnit.SECONDS)
                .node("broken").state());
        } finally {
            e.shutdownNow();
            assertTrue(e.awaitTermination(Duration.ofSeconds(10)));
        }
    }

    @Test
    @Timeout(20)
    void anExecutorWhoseFlushAndCancelThrowLosesNoTaskAndTheLoopGoesOn() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        FaultyExecutor x = new FaultyExecutor();
        x.onFlush = new NoClassDefFoundError("com/host/Batching");
        x.onCancel = new NoClassDefFoundError("com/host/Kill");
        Engine e = invoker(clock).node(NodeSpec.withExecutor("x", 4, x)).build();
        try {
            TaskSpec<Object, Object> limited = TaskSpec.of((Object o, TaskContext c) -> o).timeout(Duration.ofMillis(10))
                .build();
            TaskHandle<Object> a = e.submit(ECHO, "a");
            TaskHandle<Object> b = e.submit(limited, "b");
            e.runUntilIdle(100); // flush() throws after the dispatch
            assertTrue(x.flushes.get() >= 1);
            assertEquals(TaskState.RUNNING, a.state());
            assertEquals(TaskState.RUNNING, b.state());
            clock.advance(Duration.ofMillis(20));
            e.runUntilIdle(100); // b's timeout: cancel() throws
            assertTrue(x.cancels.get() >= 1);
            x.tasks.runAll();
            e.runUntilIdle(100);
            assertEquals(TaskState.COMPLETED, a.state());
            assertEquals(TaskState.FAILED, b.state(), "timed out: its report ends it");
            TaskHandle<Object> c = e.submit(ECHO, "c");
            e.runUntilIdle(100);
            x.tasks.runAll();
            e.runUntilIdle(100);
            assertEquals(TaskState.COMPLETED, c.state(), "the loop goes on");
        } finally {
            stop(e, x.tasks);
        }
    }
}
