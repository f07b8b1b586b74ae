package io.htcengine.spi;

import io.htcengine.api.Resources;

/** What is being placed, as a {@link PlacementPolicy} sees it. A reused view: valid only during the call. */
public interface PlacementRequest {
    /** @return the task's id, or the allocation's id for an allocation. */
    long id();

    boolean isAllocation();

    String tenant();

    /** @return the task's priority (allocations: 10). */
    int priority();

    Resources resources();

    /** @return the request in the named resource (slots is 1 for a task, 0 for an allocation). */
    long amount(String resource);
}
