/**
 * {@code ./htc autoscale}: one pool growing and shrinking under a bursty workload, printed as it happens.
 *
 * <ul>
 *   <li>{@link io.htcengine.examples.autoscale.AutoscaleSettings} — the options, checked once;</li>
 *   <li>{@link io.htcengine.examples.autoscale.BurstPlan} — the seeded workload: bursts of tasks, each task a
 *       run time;</li>
 *   <li>{@link io.htcengine.examples.autoscale.AutoscaleRun} — builds the engine (one autoscaled pool on a
 *       simulated provisioner), submits the bursts with quiet gaps between them, samples the pool;</li>
 *   <li>{@link io.htcengine.examples.autoscale.PoolSample} — one sample, one printed line;</li>
 *   <li>{@link io.htcengine.examples.autoscale.AutoscaleReport} — the figures of a run, as text and JSON;</li>
 *   <li>{@link io.htcengine.examples.autoscale.AutoscaleCommand} — the command line.</li>
 * </ul>
 */
package io.htcengine.examples.autoscale;
