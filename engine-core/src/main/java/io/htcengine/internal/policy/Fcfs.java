package io.htcengine.internal.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;

/** First come, first served: the oldest ready task starts first; the first that does not fit blocks the rest. */
public final class Fcfs implements SchedulingPolicy {
    private final ReadyFifo queue = new ReadyFifo();

    @Override
    public void add(QueuedTask task) {
        queue.add(task);
    }

    @Override
    public int schedule(Dispatcher d) {
        return queue.startWhileTheyFit(d);
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public String explain(QueuedTask task, Dispatcher d) {
        int ahead = queue.ahead(task);
        return "FCFS: " + ahead + " task(s) became ready before it" + (ahead == 0 ? " (it is next: it waits for room)" : "");
    }

    @Override
    public String toString() {
        return "fcfs";
    }
}
