package io.htcengine.internal.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;

import java.util.Iterator;
import java.util.TreeSet;

/**
 * Ready tasks first come, first served ({@link ReadyOrder#FIRST_READY}), with the one step FCFS and EASY share:
 * start the oldest while they fit. Tasks that ended while queued (started elsewhere, cancelled) are dropped when met.
 * Scheduler loop only.
 */
final class ReadyFifo {
    private final TreeSet<QueuedTask> queue = new TreeSet<>(ReadyOrder.FIRST_READY);

    void add(QueuedTask task) {
        queue.add(task);
    }

    int size() {
        return queue.size();
    }

    /** @return how many tasks became ready before {@code task}. */
    int ahead(QueuedTask task) {
        return queue.headSet(task, false).size();
    }

    /**
     * Starts the oldest waiting tasks while they fit.
     *
     * @return how many started; {@link #head()} is then the first that did not fit, or null
     */
    int startWhileTheyFit(Dispatcher d) {
        int started = 0;
        for (QueuedTask head; (head = head()) != null && d.tryStart(head); started++) {
            queue.pollFirst();
        }
        return started;
    }

    /** @return the oldest waiting task, or null. */
    QueuedTask head() {
        while (!queue.isEmpty() && !queue.first().isWaiting()) {
            queue.pollFirst();
        }
        return queue.isEmpty() ? null : queue.first();
    }

    /** @return the tasks after {@code head}, oldest first; its {@code remove()} takes one out. */
    Iterator<QueuedTask> after(QueuedTask head) {
        return queue.tailSet(head, false).iterator();
    }
}
