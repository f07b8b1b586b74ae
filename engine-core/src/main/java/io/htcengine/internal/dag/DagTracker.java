package io.htcengine.internal.dag;

import io.htcengine.api.FailurePolicy;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskState;
import io.htcengine.internal.task.Task;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * Dependency resolution, inside the scheduler loop. Each waiting task counts its unresolved parents; each parent's
 * children are known. A parent reaching a terminal state costs work proportional to its children: each child's
 * count goes down (the child is released at zero), or, when the parent failed or was cancelled and the child's
 * policy is {@link FailurePolicy#CANCEL_DESCENDANTS}, the child is cancelled with a reason naming the failed
 * ancestor — and so, in turn, are its descendants. That cascade runs from a work queue, never by recursion, so a
 * chain of any length is safe.
 *
 * <p>Within one submitted graph, parents and children are the graph's own index arrays and the counts live in the
 * submission's progress array ({@link GraphNode}): resolving a child that still waits for other parents touches no
 * task object. A child admitted after its parent finished counts only the parents still running then. Parents
 * outside the graph — a submitted task named by handle, or by id — list their children in their own node, or are
 * found through a map of ids that tasks wait on (empty, and free, unless someone depends by id) and a
 * {@link TerminalLedger} for ids that already finished.
 *
 * <p>Threading: scheduler loop only.
 */
public final class DagTracker {
    /** What the tracker asks of the scheduler. */
    public interface Scheduler {
        /** Every parent of {@code child} is resolved: queue it for dispatch. */
        void release(Task child);

        /** Cancel the waiting {@code child}; {@code reason} names the failed ancestor. */
        void cancelForAncestor(Task child, String reason);
    }

    private static final String NEVER_ACCEPTED = " (never accepted)";

    private final Scheduler scheduler;
    private final TerminalLedger ledger = new TerminalLedger();
    private final Long2ObjectHashMap<ArrayList<Task>> waitingOnId = new Long2ObjectHashMap<>();
    private final ArrayDeque<Task> finished = new ArrayDeque<>();
    private boolean draining;

    public DagTracker(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Registers a task that has a graph node at its admission (roots too) and counts the parents still to come.
     *
     * @return null when the task may proceed (it is ready when {@link #isWaiting} is false); otherwise the
     *         failed ancestor that cancels it at once
     */
    public String admit(Task task) {
        GraphNode node = task.graphNode();
        TaskGraph graph = node.graph(); // null for a task submitted alone that gained children while in its lane
        int pending = 0;
        for (int i = 0, count = node.parentCount(); i < count; i++) {
            int p = graph.parent(node.node(), i);
            if (!graph.isExternal(p)) { // admitted before this task (graphs are admitted in topological order)
                int progress = node.progressOf(p);
                assert progress != GraphNode.NOT_ADMITTED : "parent " + p + " of node " + node.node() + " not admitted";
                if (progress == GraphNode.ENDED && node.policy == FailurePolicy.CANCEL_DESCENDANTS) {
                    node.failedAncestor = describe(node.task(p));
                    return node.failedAncestor;
                }
                if (progress != GraphNode.COMPLETED && progress != GraphNode.ENDED) {
                    pending++; // resolves this task through the graph's children when it ends
                }
                continue;
            }
            Task parent = node.parentTask(i);
            long parentId = parent != null ? parent.id() : node.parentId(i);
            if (parent == null && !ledger.isTerminal(parentId)) {
                waitingOnId.computeIfAbsent(parentId, id -> new ArrayList<>()).add(task);
                pending++;
                continue;
            }
            boolean terminal = parent == null || parent.state().isTerminal();
            if (!terminal) {
                GraphNode parentNode = parent.graphNode();
                if (parentNode == null) {
                    parentNode = GraphNode.childrenOnly();
                    parent.attachGraphNode(parentNode);
                }
                parentNode.addChild(task);
                pending++;
                continue;
            }
            boolean completed = parent != null ? parent.state() == TaskState.COMPLETED : ledger.isCompleted(parentId);
            if (!completed && node.policy == FailurePolicy.CANCEL_DESCENDANTS) {
                node.failedAncestor = parent != null ? describe(parent) : "task " + parentId
                    + (ledger.isNeverAccepted(parentId) ? NEVER_ACCEPTED : " (failed or cancelled)");
                return node.failedAncestor;
            }
        }
        node.admitted(pending);
        return null;
    }

    /** @return whether the admitted task still waits for parents. */
    public boolean isWaiting(Task task) {
        return task.graphNode().pending() > 0;
    }

    /**
     * Ids {@code firstId} to {@code firstId + count - 1} were taken by submits that were refused: no task will ever
     * have them. Tasks waiting for them by id end as if such a parent had failed (cancelled, or released under
     * {@link FailurePolicy#CONTINUE}), and so do tasks that name them later — none waits forever.
     */
    public void neverAccepted(long firstId, int count) {
        for (long id = firstId, end = firstId + count; id < end; id++) {
            ledger.recordNeverAccepted(id);
            ArrayList<Task> byId = waitingOnId.isEmpty() ? null : waitingOnId.remove(id);
            if (byId != null) {
                for (Task child : byId) {
                    resolve(child, false, null, id);
                }
            }
        }
    }

    /** Called for every task that reaches a terminal state, in the order they do. */
    public void onTerminal(Task task) {
        boolean completed = task.state() == TaskState.COMPLETED;
        ledger.record(task.id(), completed);
        GraphNode node = task.graphNode();
        boolean hasChildren = node != null && (node.ended(completed) || node.childCount > 0);
        if (!hasChildren && (waitingOnId.isEmpty() || !waitingOnId.containsKey(task.id()))) {
            return;
        }
        if (draining) {
            finished.add(task); // the outer call's loop below takes it
            return;
        }
        draining = true;
        try {
            resolveChildrenOf(task);
            for (Task parent; (parent = finished.poll()) != null; ) {
                resolveChildrenOf(parent);
            }
        } finally {
            draining = false;
        }
    }

    private void resolveChildrenOf(Task parent) {
        GraphNode node = parent.graphNode();
        if (node != null) {
            TaskGraph graph = node.graph();
            if (graph != null) {
                resolveInGraph(parent, node, graph);
            }
            for (int i = 0; i < node.childCount; i++) {
                resolve(node.children[i], parent);
            }
            node.children = GraphNode.NO_CHILDREN; // a terminal task keeps no references to its children
            node.childCount = 0;
        }
        ArrayList<Task> byId = waitingOnId.isEmpty() ? null : waitingOnId.remove(parent.id());
        if (byId != null) {
            for (Task child : byId) {
                GraphNode childNode = child.graphNode();
                for (int i = 0, count = childNode.parentCount(); i < count; i++) {
                    if (childNode.parentTask(i) == null && childNode.parentId(i) == parent.id()) {
                        childNode.resolveLate(i, parent); // so the child can read its output
                    }
                }
                resolve(child, parent);
            }
        }
    }

    /**
     * The parent's children in its own graph: those admitted and waiting lose one unresolved parent; those not
     * admitted yet will see the parent's end at their admission; those already terminal are done.
     */
    private void resolveInGraph(Task parent, GraphNode node, TaskGraph graph) {
        int[] progress = node.progress();
        boolean completed = parent.state() == TaskState.COMPLETED;
        int self = node.node();
        for (int j = 0, count = graph.childCount(self); j < count; j++) {
            int c = graph.child(self, j);
            int waiting = progress[c];
            if (waiting <= 0) {
                // NOT_ADMITTED, COMPLETED or ENDED (never 0: a ready child counted no parent still running)
                assert waiting != 0 : "child " + c + " of node " + self + " is ready while its parent ran";
                continue;
            }
            if (completed) {
                if ((progress[c] = waiting - 1) == 0) {
                    scheduler.release(node.task(c));
                }
            } else {
                resolve(node.task(c), parent);
            }
        }
    }

    private void resolve(Task child, Task parent) {
        resolve(child, parent.state() == TaskState.COMPLETED, parent, parent.id());
    }

    /** One parent of a waiting child is resolved: {@code parent}, or (null) the never accepted id {@code parentId}. */
    private void resolve(Task child, boolean parentCompleted, Task parent, long parentId) {
        if (child.state().isTerminal()) {
            return; // cancelled while it waited, or already cancelled for another ancestor
        }
        GraphNode node = child.graphNode();
        if (parentCompleted || node.policy == FailurePolicy.CONTINUE) {
            if (node.resolveOne() == 0) {
                scheduler.release(child);
            }
        } else {
            node.failedAncestor = parent != null ? describe(parent) : "task " + parentId + NEVER_ACCEPTED;
            scheduler.cancelForAncestor(child, "ancestor " + node.failedAncestor);
        }
    }

    /** The failure a descendant's reason names: the original failed ancestor, not the cancelled ones between. */
    private static String describe(Task parent) {
        GraphNode node = parent.graphNode();
        if (node != null && node.failedAncestor != null) {
            return node.failedAncestor;
        }
        String key = node != null && node.key() != null ? " '" + node.key() + "'" : "";
        return "task " + parent.id() + key + " " + parent.state();
    }
}
