package io.htcengine.internal.cluster;

/**
 * One tenant's use of resources by its running tasks and allocations, and its quota (a ceiling on that use, or
 * none). Scheduler loop only.
 */
final class TenantLedger {
    final String tenant;
    final long[] used;
    /** Null: no quota. The slot dimension's ceiling is unlimited. */
    final long[] ceiling;

    TenantLedger(String tenant, int dims, long[] ceiling) {
        this.tenant = tenant;
        this.used = new long[dims];
        this.ceiling = ceiling;
    }

    boolean allows(long[] request) {
        if (ceiling == null) {
            return true;
        }
        for (int d = 0; d < request.length; d++) {
            if (used[d] + request[d] > ceiling[d]) {
                return false;
            }
        }
        return true;
    }

    /** @return the first dimension the request would take over the quota, or -1. */
    int exceeded(long[] request) {
        if (ceiling == null) {
            return -1;
        }
        for (int d = 0; d < request.length; d++) {
            if (used[d] + request[d] > ceiling[d]) {
                return d;
            }
        }
        return -1;
    }

    void take(long[] request) {
        for (int d = 0; d < request.length; d++) {
            used[d] += request[d];
        }
    }

    void give(long[] request) {
        for (int d = 0; d < request.length; d++) {
            used[d] -= request[d];
            assert used[d] >= 0 : "tenant " + tenant + " gave back more than it held in dimension " + d;
        }
    }
}
