package io.htcengine.internal.policy;

import io.htcengine.spi.QueuedTask;

import java.util.Comparator;

/** The order "first come, first served" means here: earlier ready time first, then lower id (submission order). */
final class ReadyOrder {
    static final Comparator<QueuedTask> FIRST_READY =
        Comparator.comparingLong(QueuedTask::readyNs).thenComparingLong(QueuedTask::id);

    private ReadyOrder() {
    }
}
