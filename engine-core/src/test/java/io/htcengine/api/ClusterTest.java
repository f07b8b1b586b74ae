package io.htcengine.api;

import io.htcengine.spi.AutoscalePolicy;
import io.htcengine.spi.Execution;
import io.htcengine.spi.ManualExecutor;
import io.htcengine.spi.PlacementPolicy;
import io.htcengine.spi.SimulatedProvisioner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement, waiting for room, quotas, allocations, node operations and pools, stepped on a manual clock. */
class ClusterTest {
    static final Resources CORE = Resources.builder().cores(1).build();
    static final Resources TWO_CORES = Resources.builder().cores(2).build();

    /** An invoker-mode engine whose nodes are {@link ManualExecutor}s of 8 slots and the given capacities. */
    static final class Fixture implements AutoCloseable {
        final ManualClock clock = new ManualClock(1_000_000_000L);
        final Map<String, ManualExecutor> executors = new LinkedHashMap<>();
        final List<Execution> taken = new java.util.ArrayList<>();
        final Engine engine;

        Fixture(Consumer<EngineBuilder> config, NodeSpec... nodes) {
            EngineBuilder b = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock);
            for (NodeSpec n : nodes) {
                ManualExecutor e = new ManualExecutor();
                executors.put(n.name(), e);
                NodeSpec spec = NodeSpec.withExecutor(n.name(), n.slots(), e).withCapacity(n.capacity());
                for (Map.Entry<String, String> l : n.labels().entrySet()) {
                    spec = spec.withLabel(l.getKey(), l.getValue());
                }
                b.node(spec);
            }
            config.accept(b);
            engine = b.build();
        }

        static NodeSpec node(String name, Resources capacity) {
            return NodeSpec.withExecutor(name, 8, new ManualExecutor()).withCapacity(capacity);
        }

        TaskHandle<Object> submit(Resources r) {
            return submit(TaskSpec.of((Object x, TaskContext c) -> x).resources(r).build());
        }

        TaskHandle<Object> submit(TaskSpec<Object, Object> spec) {
            TaskHandle<Object> h = engine.submit(spec, "in");
            settle();
            return h;
        }

        void settle() {
            engine.runUntilIdle(1000);
        }

        <T> T await(CompletableFuture<T> f) {
            settle();
            assertTrue(f.isDone(), "the cluster's answer should be there after the loop ran");
            return f.join();
        }

        List<Execution> dispatchedTo(String node) {
            List<Execution> out = executors.get(node).drain();
            taken.addAll(out);
            return out;
        }

        ClusterStatus status() {
            return await(engine.cluster().status());
        }

        @Override
        public void close() {
            engine.shutdownNow();
            executors.values().forEach(e -> taken.addAll(e.drain()));
            taken.forEach(x -> x.fail(new IllegalStateException("test over")));
            try {
                engine.awaitTermination(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Fixture twoNodes(PlacementPolicy policy) {
        return new Fixture(b -> b.placement(policy), Fixture.node("a", Resources.builder().cores(4).build()),
            Fixture.node("b", Resources.builder().cores(4).build()));
    }

    @Test
    void bestFitConsolidatesSpreadSpreadsFirstFitTakesTheFirst() {
        try (Fixture f = twoNodes(PlacementPolicy.bestFit())) {
            f.submit(CORE);
            f.submit(CORE);
            assertEquals(2, f.dispatchedTo("a").size(), "both on one node");
            assertEquals(0, f.dispatchedTo("b").size());
        }
        try (Fixture f = twoNodes(PlacementPolicy.spread())) {
            f.submit(CORE);
            f.submit(CORE);
            assertEquals(1, f.dispatchedTo("a").size());
            assertEquals(1, f.dispatchedTo("b").size());
        }
        try (Fixture f = twoNodes(PlacementPolicy.firstFit())) {
            f.submit(TWO_CORES);
            f.submit(TWO_CORES);
            f.submit(CORE);
            assertEquals(2, f.dispatchedTo("a").size());
            assertEquals(1, f.dispatchedTo("b").size());
        }
    }

    @Test
    void aTaskThatFitsNowhereNowWaitsWithTheReasonAndRunsWhenRoomFrees() {
        try (Fixture f = new Fixture(b -> { }, Fixture.node("a", TWO_CORES))) {
            f.submit(TWO_CORES);
            Execution big = f.dispatchedTo("a").get(0);
            TaskHandle<Object> waiting = f.submit(CORE);
            assertEquals(TaskState.QUEUED, waiting.state());
            assertTrue(waiting.reason().startsWith("waiting for resources: no UP node has slots=1 cpu=1000m free now"),
                waiting.reason());
            String why = f.await(waiting.whyPending());
            assertEquals("QUEUED, waiting for resources: no UP node has slots=1 cpu=1000m free now; the closest is node a "
                + "with slots=7 free (short of cpu by 1000m)", why);
            ClusterStatus s = f.status();
            assertEquals(1, s.pendingTasks());
            assertEquals(1000, s.resource("cpu").pendingDemand());
            big.complete("done");
            f.settle();
            assertEquals(TaskState.RUNNING, waiting.state());
            assertEquals(null, waiting.reason());
        }
    }

    @Test
    void aRequestNoNodeCouldEverHoldIsRejectedNamingTheResource() {
        try (Fixture f = new Fixture(b -> { }, Fixture.node("a", Resources.builder().cores(4).gpus(1).build()))) {
            TaskSpec<Object, Object> tooBig = TaskSpec.of((Object x, TaskContext c) -> x).name("train")
                .resources(Resources.builder().cores(2).gpus(2).build()).build();
            UnschedulableException e = assertThrows(UnschedulableException.class, () -> f.engine.submit(tooBig, 1));
            assertTrue(e.getMessage().startsWith("task spec 'train' requests gpu=2, but no node of any pool could ever "
                + "hold it: the most gpu any node or pool template has is 1 (node a)"), e.getMessage());
            TaskSpec<Object, Object> fpga = TaskSpec.of((Object x, TaskContext c) -> x)
                .resources(Resources.builder().extended("fpga", 1).build()).build();
            e = assertThrows(UnschedulableException.class, () -> f.engine.submit(fpga, 1));
            assertTrue(e.getMessage().contains("no node or pool has resource 'fpga'"), e.getMessage());
            TaskSpec<Object, Object> labelled = TaskSpec.of((Object x, TaskContext c) -> x)
                .nodeSelector("gpu-model", "h100").build();
            e = assertThrows(UnschedulableException.class, () -> f.engine.submit(labelled, 1));
            assertTrue(e.getMessage().contains("selects nodes labelled {gpu-model=h100}"), e.getMessage());
            assertEquals(0, f.engine.progress().submitted() + f.engine.progress().queued(), "nothing was accepted");
        }
    }

    @Test
    void heldUnschedulableTasksRunOnceANodeThatFitsIsAdded() {
        try (Fixture f = new Fixture(b -> b.unschedulable(UnschedulableMode.HOLD), Fixture.node("a", TWO_CORES))) {
            TaskHandle<Object> big = f.submit(Resources.builder().cores(8).build());
            assertEquals(TaskState.QUEUED, big.state());
            assertTrue(big.reason().startsWith("unschedulable: it requests cpu=8000m, but no node of any pool could "
                + "ever hold it: the most cpu any node or pool template has is 2000m (node a)"), big.reason());
            assertEquals(1, f.status().unschedulableTasks());
            ManualExecutor bigNode = new ManualExecutor();
            f.executors.put("big", bigNode);
            NodeStatus added = f.await(f.engine.cluster().addNode(
                NodeSpec.withExecutor("big", 4, bigNode).withCapacity(Resources.builder().cores(16).build())));
            assertEquals(NodeState.UP, added.state());
            f.settle();
            assertEquals(TaskState.RUNNING, big.state());
            assertEquals(1, bigNode.pending());
        }
    }

    @Test
    void aNodeSelectorPlacesOnlyOnMatchingNodes() {
        try (Fixture f = new Fixture(b -> b.placement(PlacementPolicy.firstFit()),
            Fixture.node("plain", Resources.builder().cores(8).gpus(2).build()),
            Fixture.node("a100", Resources.builder().cores(8).gpus(2).build()).withLabel("gpu-model", "a100"))) {
            TaskSpec<Object, Object> spec = TaskSpec.of((Object x, TaskContext c) -> x)
                .resources(Resources.builder().cores(1).gpus(1).build()).nodeSelector("gpu-model", "a100").build();
            f.submit(spec);
            f.submit(spec);
            TaskHandle<Object> third = f.submit(spec);
            assertEquals(2, f.dispatchedTo("a100").size());
            assertEquals(0, f.dispatchedTo("plain").size());
            assertTrue(third.reason().startsWith("waiting for resources: no UP node labelled {gpu-model=a100} has"),
                third.reason());
        }
    }

    @Test
    void aTenantOverItsQuotaWaitsWithTheReason() {
        try (Fixture f = new Fixture(b -> b.quota("acme", TWO_CORES),
            Fixture.node("a", Resources.builder().cores(8).build()))) {
            TaskSpec<Object, Object> acme = TaskSpec.of((Object x, TaskContext c) -> x).resources(CORE).tenant("acme").build();
            f.submit(acme);
            f.submit(acme);
            TaskHandle<Object> third = f.submit(acme);
            TaskHandle<Object> other = f.submit(CORE);
            assertEquals(TaskState.RUNNING, other.state(), "other tenants are not capped");
            assertEquals(TaskState.QUEUED, third.state());
            assertEquals("waiting for quota: tenant 'acme' holds cpu=2000m of its quota of 2000m and this needs 1000m more",
                third.reason());
            ClusterStatus s = f.status();
            assertEquals(1, s.quotaBlockedTasks());
            assertEquals(2000, s.tenants().get("acme").cpuMillis());
            List<Execution> running = f.dispatchedTo("a");
            running.get(0).complete("x");
            f.settle();
            assertEquals(TaskState.RUNNING, third.state());
            TaskSpec<Object, Object> huge = TaskSpec.of((Object x, TaskContext c) -> x)
                .resources(Resources.builder().cores(3).build()).tenant("acme").build();
            UnschedulableException e = assertThrows(UnschedulableException.class, () -> f.engine.submit(huge, 1));
            assertTrue(e.getMessage().contains("more than the whole quota of tenant 'acme' (cpu=2000m)"), e.getMessage());
        }
    }

    @Test
    void allocationsHoldResourcesUntilDeallocatedOnce() {
        try (Fixture f = new Fixture(b -> { }, Fixture.node("a", Resources.builder().cores(4).build()))) {
            Allocation a = f.await(f.engine.cluster().allocate(Resources.builder().cores(3).build()));
            assertEquals("a", a.node());
            assertTrue(a.isActive());
            TaskHandle<Object> task = f.submit(TWO_CORES);
            assertEquals(TaskState.QUEUED, task.state());
            NodeStatus n = f.status().node("a");
            assertEquals(1, n.allocations());
            assertEquals(3000, n.allocated().cpuMillis());
            assertEquals(1000, n.free().cpuMillis());
            a.deallocate();
            f.settle();
            assertFalse(a.isActive());
            assertEquals(TaskState.RUNNING, task.state());
            IllegalStateException twice = assertThrows(IllegalStateException.class, a::deallocate);
            assertEquals("allocation " + a.id() + " was already deallocated", twice.getMessage());
            CompletableFuture<Allocation> never = f.engine.cluster().allocate(Resources.builder().cores(5).build());
            f.settle();
            CompletionException e = assertThrows(CompletionException.class, never::join);
            assertInstanceOf(UnschedulableException.class, e.getCause());
        }
    }

    @Test
    void anAllocationMustHoldSomethingAndItsSelectorIsChecked() {
        try (Fixture f = new Fixture(b -> { }, Fixture.node("a", Resources.builder().cores(4).build()))) {
            Cluster cluster = f.engine.cluster();
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> cluster.allocate(Resources.NONE));
            assertEquals("resources of an allocation must give at least one resource a positive amount (cpu, memory,"
                + " gpu, storage or an extended resource), was none", none.getMessage());
            java.util.Map<String, String> nullValue = new java.util.HashMap<>();
            nullValue.put("zone", null);
            IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> cluster.allocate(TWO_CORES, "t", nullValue));
            assertEquals("selector value of 'zone' must not be null", v.getMessage());
            IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> cluster.allocate(TWO_CORES, "t", java.util.Map.of(" ", "x")));
            assertEquals("selector label must be a non-blank string, was ' '", blank.getMessage());
            assertEquals(0, f.status().node("a").allocations(), "nothing was held by a refused request");
        }
    }

    @Test
    void drainingAndCordonedNodesTakeNoNewWorkAndDrainCompletesWhenIdle() {
        try (Fixture f = twoNodes(PlacementPolicy.firstFit())) {
            f.submit(CORE);
            Execution onA = f.dispatchedTo("a").get(0);
            CompletableFuture<NodeStatus> drained = f.engine.cluster().drain("a");
            f.settle();
            assertFalse(drained.isDone(), "a task still runs on it");
            assertEquals(NodeState.DRAINING, f.status().node("a").state());
            f.await(f.engine.cluster().cordon("b"));
            TaskHandle<Object> next = f.submit(CORE);
            assertEquals(TaskState.QUEUED, next.state(), "no UP node");
            assertEquals("QUEUED, ready: behind 0 task(s) ranked ahead of it (higher priority; at equal priority "
                + "INTERACTIVE first, then submission order); no node is UP; 1 cordoned: [b]; 1 draining: [a]",
                f.await(next.whyPending()));
            onA.complete("x");
            f.settle();
            assertEquals(NodeState.DRAINED, drained.join().state());
            assertEquals(0, f.dispatchedTo("a").size());
            f.await(f.engine.cluster().uncordon("b"));
            assertEquals(TaskState.RUNNING, next.state());
            assertEquals(1, f.dispatchedTo("b").size());
            NodeStatus removed = f.await(f.engine.cluster().remove("a"));
            assertEquals(NodeState.REMOVED, removed.state());
            CompletableFuture<NodeStatus> bad = f.engine.cluster().remove("b");
            f.settle();
            CompletionException e = assertThrows(CompletionException.class, bad::join);
            assertEquals("cannot remove node b: it has 1 running task(s) and 0 allocation(s); drain it first",
                e.getCause().getMessage());
        }
    }

    @Test
    void aFailedNodesRunningTasksAreRequeuedOnceAndItsLateReportsIgnored() {
        try (Fixture f = twoNodes(PlacementPolicy.firstFit())) {
            TaskHandle<Object> t1 = f.submit(TWO_CORES);
            TaskHandle<Object> t2 = f.submit(TWO_CORES);
            List<Execution> onA = f.dispatchedTo("a");
            assertEquals(2, onA.size());
            int requeued = f.await(f.engine.cluster().markFailed("a"));
            assertEquals(2, requeued);
            f.settle();
            List<Execution> onB = f.dispatchedTo("b");
            assertEquals(2, onB.size(), "both went to the other node");
            assertEquals(2, t1.attempts());
            assertFalse(onA.get(0).complete("stale"), "the failed node's report is ignored");
            onB.forEach(e -> e.complete("fresh"));
            f.settle();
            assertEquals("fresh", t1.future().join());
            assertEquals(TaskState.COMPLETED, t2.state());
            ClusterStatus s = f.status();
            assertEquals(2, s.nodeFailureRequeues());
            assertEquals(NodeState.FAILED, s.node("a").state());
            assertEquals(0, s.resource("cpu").allocated());
            assertEquals(4000, s.resource("cpu").capacity(), "a failed node no longer counts");
        }
    }

    @Test
    void aPoolScalesUpForWaitingDemandAndDownWhenIdleWithinItsBounds() {
        ManualClock clock = new ManualClock(1_000_000_000L);
        SimulatedProvisioner provisioner = SimulatedProvisioner.manual(clock, Duration.ofSeconds(1));
        ManualExecutor shared = new ManualExecutor();
        PoolSpec pool = PoolSpec.builder("burst").min(1).max(3)
            .template(NodeSpec.withExecutor("t", 4, shared).withCapacity(TWO_CORES))
            .autoscale(AutoscalePolicy.onDemand(Duration.ofMillis(500), Duration.ofSeconds(2))).build();
        Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock).pool(pool)
            .provisioner(provisioner).autoscaleInterval(Duration.ofMillis(100)).build();
        try {
            engine.runUntilIdle(100);
            clock.advance(Duration.ofSeconds(1));
            provisioner.deliverDue();
            engine.runUntilIdle(100);
            TaskSpec<Object, Object> spec = TaskSpec.of((Object x, TaskContext c) -> x).resources(TWO_CORES).build();
            for (int i = 0; i < 4; i++) {
                engine.submit(spec, i);
            }
            engine.runUntilIdle(100);
            assertEquals(1, shared.pending(), "one node: one task runs, three wait");
            clock.advance(Duration.ofMillis(600));
            engine.runUntilIdle(100);
            CompletableFuture<ClusterStatus> s = engine.cluster().status();
            engine.runUntilIdle(100);
            PoolStatus p = s.join().pool("burst");
            assertEquals(3, p.size(), "grown to max, not past it");
            assertEquals(2, p.nodesByState().get(NodeState.PROVISIONING));
            assertEquals(3, p.pendingTasks());
            clock.advance(Duration.ofSeconds(1));
            provisioner.deliverDue();
            engine.runUntilIdle(100);
            assertEquals(3, shared.pending());
            shared.drain().forEach(e -> e.complete("ok"));
            engine.runUntilIdle(100);
            shared.drain().forEach(e -> e.complete("ok"));
            engine.runUntilIdle(100);
            clock.advance(Duration.ofSeconds(3));
            engine.runUntilIdle(100);
            s = engine.cluster().status();
            engine.runUntilIdle(100);
            p = s.join().pool("burst");
            assertEquals(1, p.size(), "shrunk to min once idle past the cooldown");
            assertEquals(2, provisioner.released());
            CompletableFuture<PoolStatus> bad = engine.cluster().scaleTo("burst", 4);
            engine.runUntilIdle(100);
            CompletionException e = assertThrows(CompletionException.class, bad::join);
            assertEquals("nodes of pool 'burst' must be between 1 and 3, was 4", e.getCause().getMessage());
        } finally {
            engine.shutdownNow();
            shared.drain().forEach(x -> x.fail(new IllegalStateException("test over")));
            engine.close();
        }
    }

    @Test
    void tasksWaitingForAFreeSlotAreDemandThePoolGrowsFor() {
        ManualClock clock = new ManualClock(1_000_000_000L);
        ManualExecutor shared = new ManualExecutor();
        PoolSpec pool = PoolSpec.builder("p").min(1).max(4).template(NodeSpec.withExecutor("t", 1, shared))
            .autoscale(AutoscalePolicy.onDemand(Duration.ZERO, Duration.ofHours(1))).build();
        Engine engine = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock).pool(pool)
            .autoscaleInterval(Duration.ofMillis(100)).build();
        try {
            TaskSpec<Object, Object> plain = TaskSpec.of((Object x, TaskContext c) -> x).build();
            for (int i = 0; i < 3; i++) {
                engine.submit(plain, i);
            }
            engine.runUntilIdle(100);
            assertEquals(1, shared.pending(), "one slot");
            clock.advance(Duration.ofMillis(100));
            engine.runUntilIdle(100);
            assertEquals(3, shared.pending(), "two more nodes for the two tasks waiting for a slot");
        } finally {
            engine.shutdownNow();
            shared.drain().forEach(x -> x.fail(new IllegalStateException("test over")));
            engine.close();
        }
    }

    @Test
    void aQuotaCapsOnlyTheResourcesItNames() {
        try (Fixture f = new Fixture(b -> b.quota("acme", TWO_CORES),
            Fixture.node("a", Resources.builder().cores(8).memoryBytes(8L << 30).build()))) {
            TaskSpec<Object, Object> withMemory = TaskSpec.of((Object x, TaskContext c) -> x).tenant("acme")
                .resources(Resources.builder().cores(1).memoryBytes(1L << 30).build()).build();
            assertEquals(TaskState.RUNNING, f.submit(withMemory).state());
        }
    }

    @Test
    void aReportThatBeatItsNodesFailureFreesNothingOnTheNodeThatTakesItsId() {
        try (Fixture f = new Fixture(b -> { }, Fixture.node("a", TWO_CORES))) {
            TaskHandle<Object> t = f.submit(TWO_CORES);
            Execution onA = f.dispatchedTo("a").get(0);
            onA.complete("done before the failure was applied"); // its report waits in the completion queue
            CompletableFuture<Integer> failed = f.engine.cluster().markFailed("a");
            CompletableFuture<NodeStatus> removed = f.engine.cluster().remove("a");
            ManualExecutor fresh = new ManualExecutor();
            f.executors.put("b", fresh);
            CompletableFuture<NodeStatus> added = f.engine.cluster().addNode(
                NodeSpec.withExecutor("b", 8, fresh).withCapacity(TWO_CORES)); // takes a's id
            f.settle();
            assertEquals(0, failed.join(), "its report came first: it is not requeued");
            assertEquals(NodeState.REMOVED, removed.join().state());
            assertEquals(NodeState.UP, added.join().state());
            assertEquals(TaskState.COMPLETED, t.state());
            NodeStatus b = f.status().node("b");
            assertEquals(2000, b.free().cpuMillis(), "nothing was given back to the node that took a's id");
            assertEquals(0, b.allocated().cpuMillis());
        }
    }
}
