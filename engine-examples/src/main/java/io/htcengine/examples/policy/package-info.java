/**
 * A scheduling policy of one's own: {@link io.htcengine.examples.policy.ShortestEstimateFirst} implements the
 * {@link io.htcengine.spi.SchedulingPolicy} SPI in a page, and its test shows how to unit-test such a policy on the
 * simulation harness ({@link io.htcengine.sim.Simulation}), with exact start times on virtual time.
 */
package io.htcengine.examples.policy;
