package io.htcengine.spi;

import io.htcengine.api.Resources;
import io.htcengine.api.TaskType;

/**
 * A ready task as a {@link SchedulingPolicy} sees it: QUEUED, its parents done, waiting to be started. The same
 * object for the task's whole wait (identity is stable), read on the scheduler thread only.
 */
public interface QueuedTask {
    long id();

    int priority();

    TaskType type();

    String tenant();

    /** @return what one attempt holds while it runs (besides one slot). */
    Resources resources();

    /** @return when it was submitted, on the engine clock. */
    long submitNs();

    /** @return when it last became ready (admitted, parents done, or back from a retry), on the engine clock. */
    long readyNs();

    /** @return the spec's runtime estimate in nanoseconds, or -1 when it has none. */
    long runtimeEstimateNs();

    /** @return false once it was started or cancelled: a policy drops such entries when it meets them. */
    boolean isWaiting();
}
