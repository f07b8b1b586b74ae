/**
 * The cluster: the node table, the free-capacity index ({@link io.htcengine.internal.cluster.FitIndex}) that
 * placement searches instead of scanning every node, placement itself, quotas, and pools. Everything here is loop
 * only (see {@link io.htcengine.internal}): the scheduler loop's thread owns it, and nothing in it is thread-safe.
 */
package io.htcengine.internal.cluster;
