package io.htcengine.internal.loop;

import io.htcengine.internal.cluster.ClusterState;
import io.htcengine.internal.cluster.Dims;
import io.htcengine.internal.task.Task;
import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.RunningTask;

import java.util.ArrayList;
import java.util.List;

/** The {@link Dispatcher} a scheduling policy starts tasks through. Scheduler loop only; one per loop, reused. */
final class PolicyDispatcher implements Dispatcher {
    private final SchedulerLoop loop;
    private final ClusterState cluster;
    private final Dims dims;
    private final List<String> names;
    private int started;

    PolicyDispatcher(SchedulerLoop loop, ClusterState cluster, Dims dims) {
        this.loop = loop;
        this.cluster = cluster;
        this.dims = dims;
        List<String> n = new ArrayList<>();
        for (int d = 0; d < dims.count(); d++) {
            n.add(dims.name(d));
        }
        this.names = List.copyOf(n);
    }

    int takeStarted() {
        int n = started;
        started = 0;
        return n;
    }

    /**
     * @return {@code q} as this engine's task, which the engine gave the policy: not another engine's, and not a graph
     *         task still waiting for its parents (a policy could reach one through its handle)
     * @throws IllegalArgumentException for anything else (the loop logs the policy's failure and asks it again later)
     */
    private Task task(QueuedTask q) {
        if (!(q instanceof Task) || !loop.givenToPolicy((Task) q)) {
            throw new IllegalArgumentException("not a task the engine gave this policy: " + q);
        }
        return (Task) q;
    }

    @Override
    public long nowNs() {
        return loop.nowNs();
    }

    @Override
    public boolean tryStart(QueuedTask q) {
        Task t = task(q);
        if (!t.isWaiting() || cancelled(t)) {
            return false;
        }
        int node = cluster.choose(t);
        if (node < 0) {
            if (t.reason() == null) {
                t.setReason(cluster.whyNotNow(t));
            }
            return false;
        }
        cluster.takeOn(t, node);
        start(t, node);
        return true;
    }

    /** A cancel raced with the policy's choice: the task ends here (the command finds it terminal) and never runs. */
    private boolean cancelled(Task t) {
        if (t.cancelRequested()) {
            loop.cancelQueued(t);
            return true;
        }
        return false;
    }

    @Override
    public int placement(QueuedTask q) {
        Task t = task(q);
        return t.isWaiting() ? cluster.choose(t) : -1;
    }

    @Override
    public void start(QueuedTask q, int node) {
        Task t = task(q);
        if (!t.isWaiting()) {
            throw new IllegalStateException("task " + t.id() + " is " + t.state() + ", not waiting");
        }
        if (cancelled(t)) {
            return;
        }
        cluster.takeOn(t, node);
        start(t, node);
    }

    private void start(Task t, int node) {
        t.setReason(null);
        loop.dispatch(t, node);
        started++;
    }

    @Override
    public boolean anyFreeSlot() {
        return cluster.anyFreeSlot();
    }

    @Override
    public List<RunningTask> running() {
        return loop.runningTasks();
    }

    @Override
    public int nodeIdBound() {
        return cluster.nodeIdBound();
    }

    @Override
    public boolean isCandidate(int node, QueuedTask task) {
        return cluster.isCandidate(node, task(task));
    }

    @Override
    public long free(int node, String resource) {
        int d = dims.indexOf(resource);
        return d < 0 ? 0 : cluster.free(node, d);
    }

    @Override
    public long request(QueuedTask q, String resource) {
        int d = dims.indexOf(resource);
        return d < 0 ? 0 : task(q).request[d];
    }

    @Override
    public List<String> resourceNames() {
        return names;
    }

    @Override
    public double dominantShare(String tenant) {
        return cluster.dominantShare(tenant, null);
    }

    @Override
    public double dominantShareWith(String tenant, QueuedTask task) {
        return cluster.dominantShare(tenant, task(task).request);
    }
}
