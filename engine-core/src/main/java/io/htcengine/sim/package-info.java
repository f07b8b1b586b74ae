/**
 * Deterministic simulation: the engine's own scheduler loop driven on virtual time, with simulated nodes that "run"
 * each task for the duration it was given. The same inputs and seed give the identical schedule. This is how to
 * unit-test a {@link io.htcengine.spi.SchedulingPolicy} or {@link io.htcengine.spi.PlacementPolicy}, and how to replay
 * HPC workload traces.
 */
package io.htcengine.sim;
