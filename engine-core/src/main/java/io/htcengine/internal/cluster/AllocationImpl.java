package io.htcengine.internal.cluster;

import io.htcengine.api.Allocation;
import io.htcengine.api.Resources;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An explicit allocation: created by the caller, placed by the loop (which then completes {@link #placed}),
 * deallocated once from any thread.
 */
public final class AllocationImpl implements Allocation {
    private final long id;
    private final Resources resources;
    private final String tenant;
    final Map<String, String> selector;
    final CompletableFuture<Allocation> placed = new CompletableFuture<>();
    private final Consumer<AllocationImpl> onDeallocate;
    private final AtomicBoolean deallocated = new AtomicBoolean();
    private volatile String node;
    private volatile boolean active;
    private volatile String revokedReason;
    // Loop only.
    long[] request;
    TenantLedger ledger;
    int nodeId = -1;
    long requestedNs;

    public AllocationImpl(long id, Resources resources, String tenant, Map<String, String> selector,
                          Consumer<AllocationImpl> onDeallocate) {
        this.id = id;
        this.resources = resources;
        this.tenant = tenant;
        this.selector = selector;
        this.onDeallocate = onDeallocate;
    }

    public CompletableFuture<Allocation> placedFuture() {
        return placed;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Resources resources() {
        return resources;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public String revokedReason() {
        return revokedReason;
    }

    @Override
    public void deallocate() {
        if (!deallocated.compareAndSet(false, true)) {
            throw new IllegalStateException("allocation " + id + " was already deallocated");
        }
        onDeallocate.accept(this);
    }

    /** @return whether the caller has asked to deallocate (the loop then frees it, or never places it). */
    boolean deallocateRequested() {
        return deallocated.get();
    }

    void onPlaced(NodeRecord n) {
        this.nodeId = n.id;
        this.node = n.name;
        this.active = true;
    }

    void onEnded(String revokedReason) {
        this.revokedReason = revokedReason;
        this.active = false;
        this.nodeId = -1;
    }

    @Override
    public String toString() {
        return "Allocation{id=" + id + ", node=" + node + ", resources=" + resources + ", tenant=" + tenant
            + ", active=" + active + (revokedReason == null ? "" : ", revoked: " + revokedReason) + '}';
    }
}
