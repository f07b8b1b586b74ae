package io.htcengine.internal.loop;

import io.htcengine.api.RetryPolicy;
import io.htcengine.spi.NodeExecutor;

/**
 * What the scheduler loop is built from, already validated by the engine builder.
 *
 * @param nodeNames      one name per node
 * @param nodeSlots      slots per node
 * @param executors      one executor per node
 * @param defaultRetry   the retry policy of specs that set none
 * @param admitBatch     tasks admitted per duty cycle, highest priority lane first
 * @param dispatchBatch  tasks dispatched per duty cycle
 * @param hasListeners   whether every transition is published to listeners
 * @param stopWhenTerminated whether {@code doWork} ends its agent runner on termination (own thread)
 */
public record LoopSettings(String[] nodeNames, int[] nodeSlots, NodeExecutor[] executors, RetryPolicy defaultRetry,
                           int admitBatch, int dispatchBatch, boolean hasListeners, boolean stopWhenTerminated) {
}
