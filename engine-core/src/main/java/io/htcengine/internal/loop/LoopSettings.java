package io.htcengine.internal.loop;

import io.htcengine.api.NodeSpec;
import io.htcengine.api.PoolSpec;
import io.htcengine.api.Resources;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.UnschedulableMode;
import io.htcengine.internal.cluster.Dims;
import io.htcengine.spi.NodeExecutor;
import io.htcengine.spi.NodeProvisioner;
import io.htcengine.spi.PlacementPolicy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the scheduler loop is built from, already validated by the engine builder.
 *
 * @param dims               the resource dimensions (standard, then the declared extended resources)
 * @param nodes              the builder's nodes, in the pool "default"
 * @param executors          one executor per node of {@code nodes}
 * @param pools              the pools, provisioned through {@code provisioner}
 * @param provisioner        gets and releases pool nodes
 * @param placement          chooses a node for each task and allocation
 * @param scheduling         chooses which ready task starts next
 * @param quotas             per tenant, a ceiling on what its running tasks and allocations hold
 * @param unschedulable      what happens to a request no node could ever hold
 * @param autoscaleIntervalNs how often autoscaled pools are evaluated, on the engine clock
 * @param localExecutors     makes the local worker threads of a provisioned node
 * @param defaultRetry       the retry policy of specs that set none
 * @param defaultTimeoutNs   the run-time limit of BATCH and INTERACTIVE tasks whose spec sets none, 0 for none
 * @param randomSeed         seeds retry jitter
 * @param admitBatch         tasks admitted per duty cycle, highest priority lane first
 * @param dispatchBatch      tasks dispatched per duty cycle
 * @param readyQueueLimit    admitted tasks waiting for a slot beyond which lower-priority lanes wait; 0 for no limit
 * @param graphAdmitAhead    QUEUED tasks beyond which graphs pause (GraphAdmission); 0 for no limit
 * @param listenerInterests  bit s set when some listener wants transitions to the state of ordinal s
 * @param stopWhenTerminated whether {@code doWork} ends its agent runner on termination (own thread)
 * @param dispatchAheadNs    queued work a local node may hold ahead of its workers, 0 for fixed slots
 */
public record LoopSettings(Dims dims, List<NodeSpec> nodes, List<NodeExecutor> executors, List<PoolSpec> pools,
                           NodeProvisioner provisioner, PlacementPolicy placement,
                           io.htcengine.spi.SchedulingPolicy scheduling, Map<String, Resources> quotas,
                           UnschedulableMode unschedulable, long autoscaleIntervalNs,
                           Function<NodeSpec, NodeExecutor> localExecutors, RetryPolicy defaultRetry,
                           long defaultTimeoutNs, long randomSeed, int admitBatch, int dispatchBatch,
                           int readyQueueLimit, int graphAdmitAhead,
                           int listenerInterests, boolean stopWhenTerminated, long dispatchAheadNs) {
}
