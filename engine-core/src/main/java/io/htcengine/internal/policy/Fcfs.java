package io.htcengine.internal.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;

import java.util.TreeSet;

/** First come, first served: the oldest ready task starts first; the first that does not fit blocks the rest. */
public final class Fcfs implements SchedulingPolicy {
    private final TreeSet<QueuedTask> queue = new TreeSet<>(ReadyOrder.FIRST_READY);

    @Override
    public void add(QueuedTask task) {
        queue.add(task);
    }

    @Override
    public int schedule(Dispatcher d) {
        int started = 0;
        for (QueuedTask head; (head = queue.pollFirst()) != null; ) {
            if (!head.isWaiting()) {
                continue;
            }
            if (!d.tryStart(head)) {
                queue.add(head);
                break;
            }
            started++;
        }
        return started;
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public String explain(QueuedTask task, Dispatcher d) {
        int ahead = queue.headSet(task, false).size();
        return "FCFS: " + ahead + " task(s) became ready before it" + (ahead == 0 ? " (it is next: it waits for room)" : "");
    }

    @Override
    public String toString() {
        return "fcfs";
    }
}
