package io.htcengine.metrics;

import io.htcengine.api.TaskState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Transitions counted by tenant and target state. The first {@value #MAX_TENANTS} tenants seen get their own cells;
 * later ones share the cells of {@value #OTHER}, so the number of series stays bounded whatever tenants tasks name.
 *
 * <p>Threading: single writer ({@link #incrementRelease}), any number of readers ({@link #tenantsAcquire}). The
 * writer finds a tenant's cells in a map only it touches; a new tenant's cells are published to readers by a
 * copy-on-write volatile list (at most {@value #MAX_TENANTS} + 1 copies over the metrics' life). See the legend in
 * {@code package-info}.
 */
final class TenantCounters {
    /** Tenants with their own series; beyond them, transitions count under {@link #OTHER}. */
    static final int MAX_TENANTS = 100;
    /** The tenant label of the transitions of every tenant beyond the first {@value #MAX_TENANTS}. */
    static final String OTHER = "_other";

    private static final int STATES = TaskState.values().length;

    /** One tenant's cells, one per target state. */
    record Tenant(String name, AtomicLongArray cells) {
        long getAcquire(TaskState to) {
            return cells.getAcquire(to.ordinal());
        }
    }

    /** Writer only. */
    private final Map<String, Tenant> byName = new HashMap<>();
    private Tenant other;
    private volatile List<Tenant> published = List.of();

    /** Writer only. */
    void incrementRelease(String tenant, TaskState to) {
        Tenant t = byName.get(tenant);
        if (t == null) {
            t = add(tenant);
        }
        int i = to.ordinal();
        t.cells.setRelease(i, t.cells.getPlain(i) + 1);
    }

    private Tenant add(String tenant) {
        if (byName.size() < MAX_TENANTS) {
            Tenant t = new Tenant(tenant, new AtomicLongArray(STATES));
            byName.put(tenant, t);
            publish(t);
            return t;
        }
        if (other == null) {
            other = new Tenant(OTHER, new AtomicLongArray(STATES));
            publish(other);
        }
        return other; // not cached by name: the map stays at MAX_TENANTS entries
    }

    private void publish(Tenant t) {
        List<Tenant> next = new java.util.ArrayList<>(published);
        next.add(t);
        published = List.copyOf(next);
    }

    /** @return every tenant with cells, in the order first seen ({@link #OTHER} last if present). */
    List<Tenant> tenantsAcquire() {
        return published;
    }
}
