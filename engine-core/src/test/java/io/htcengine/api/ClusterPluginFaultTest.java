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
            assertEquals(1, ran.size());
            ran.get(0).complete("done");
            e.runUntilIdle(100);
            assertEquals(TaskState.COMPLETED, h.state());
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
            assertEquals(1, ran.size());
            ran.get(0).complete("done");
            e.runUntilIdle(100);
            assertEquals(TaskState.COMPLETED, h.state());
            PoolStatus p = status(e).pool("p");
            assertEquals(1, p.size());
            assertEquals(1, p.released());
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
        assertEquals(1, ran.size());
        ran.get(0).complete("done");
        e.runUntilIdle(100);
        assertEquals(TaskState.COMPLETED, h.state());
        e.shutdown();
        e.runUntilIdle(1000);
        assertTrue(e.isTerminated(), "termination completes although a node's close() threw");
        assertEquals(1, a.closes.get(), "close() is called once, not retried every cycle");
        assertEquals(1, b.closes.get(), "the other nodes are closed too");
    }
}
