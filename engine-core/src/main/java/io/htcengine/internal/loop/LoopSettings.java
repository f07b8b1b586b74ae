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
 * @param defaultTimeoutNs the run-time limit of BATCH and INTERACTIVE tasks whose spec sets none, 0 for none
 * @param randomSeed     seeds retry jitter
 * @param admitBatch     tasks admitted per duty cycle, highest priority lane first
 * @param dispatchBatch  tasks dispatched per duty cycle
 * @param listenerInterests bit s set when some listener wants transitions to the state of ordinal s
 * @param stopWhenTerminated whether {@code doWork} ends its agent runner on termination (own thread)
 */
public record LoopSettings(String[] nodeNames, int[] nodeSlots, NodeExecutor[] executors, RetryPolicy defaultRetry,
                           long defaultTimeoutNs, long randomSeed, int admitBatch, int dispatchBatch, int listenerInterests, boolean stopWhenTerminated) {
}
