package io.htcengine.internal.loop;

import io.htcengine.internal.session.SessionImpl;
import io.htcengine.internal.task.Task;

/** A typed request from another thread, applied by the scheduler loop in arrival order. */
public interface Command {
    void applyTo(SchedulerLoop loop);

    /**
     * A validated graph, its tasks in topological order (parents before children), of which the first {@code made}
     * are made; the rest follow in {@link GraphTasksMade}.
     */
    record SubmitGraph(GraphAdmission.Pending graph, int made) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onSubmitGraph(graph, made);
        }
    }

    /** More of a submitted graph's tasks are made: {@code made} in all; {@code last} if making them failed there. */
    record GraphTasksMade(GraphAdmission.Pending graph, int made, boolean last) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onGraphTasksMade(graph, made, last);
        }
    }

    /** Task ids taken by submits that were refused: no task will have them, so nothing may wait for them. */
    record NeverAccepted(long firstId, int count) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onNeverAccepted(firstId, count);
        }
    }

    record CancelTask(Task task) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onCancelTask(task);
        }
    }

    record Explain(Task task, java.util.concurrent.CompletableFuture<String> answer) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onExplain(task, answer);
        }
    }

    record OpenSession(SessionImpl session) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.register(session);
        }
    }

    /** The session was sealed, or a submit into a sealed session was rolled back: check whether it is done. */
    record CheckSession(SessionImpl session) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onCheckSession(session);
        }
    }

    record CancelSession(SessionImpl session) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onCancelSession(session);
        }
    }

    /** A change to or question about the cluster: nodes, pools, allocations, status, provisioner answers. */
    record ClusterAction(java.util.function.Consumer<io.htcengine.internal.cluster.ClusterState> action)
        implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onClusterAction(action);
        }
    }

    record Shutdown(boolean now) implements Command {
        @Override
        public void applyTo(SchedulerLoop loop) {
            loop.onShutdown(now);
        }
    }
}
