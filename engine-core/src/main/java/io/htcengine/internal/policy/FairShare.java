package io.htcengine.internal.policy;

import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Weighted fair share by dominant resource fairness (Ghodsi et al.): each pick goes to the tenant with waiting tasks
 * whose dominant share (its largest share of any resource of the UP nodes, counting what its running tasks and
 * allocations hold), taken halfway through its next task's allocation and divided by its weight, is the smallest, ties to the tenant whose share per weight would stay lower with its next task, then to the one served least
 * recently; within a tenant, first come first
 * served. When the chosen tenant's oldest task does not fit, nothing more starts in this cycle, and until that task
 * starts no other tenant may start a task that would take its share (per weight) above the waiting tenant's: the
 * capacity that frees up is kept for the tenant furthest below its share (progressive filling), so shares follow the
 * weights even when tasks differ in size, at the cost of capacity left idle meanwhile.
 */
public final class FairShare implements SchedulingPolicy {
    private final Map<String, Double> weights;
    private final TreeMap<String, TreeSet<QueuedTask>> byTenant = new TreeMap<>();
    private int size;
    /** The tenant whose oldest task was chosen but did not fit: others may not overtake its share meanwhile. */
    private String blocked;
    /** When each tenant last had a task started (a count of starts): equal shares go to the least recently served. */
    private final Map<String, Long> lastServed = new HashMap<>();
    private long serveCount;

    public FairShare(Map<String, Double> weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null (use Map.of() for equal weights)");
        }
        weights.forEach((tenant, w) -> {
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("weights must name non-blank tenants, was '" + tenant + "'");
            }
            if (w == null || !(w > 0) || w.isInfinite()) {
                throw new IllegalArgumentException("weight of tenant '" + tenant + "' must be a finite number > 0, was " + w);
            }
        });
        this.weights = Map.copyOf(weights);
    }

    public double weight(String tenant) {
        return weights.getOrDefault(tenant, 1.0);
    }

    @Override
    public void add(QueuedTask task) {
        byTenant.computeIfAbsent(task.tenant(), k -> new TreeSet<>(ReadyOrder.FIRST_READY)).add(task);
        size++;
    }

    @Override
    public int schedule(Dispatcher d) {
        Map<String, Double> share = new HashMap<>();
        int started = 0;
        if (blocked != null) { // the waiting tenant's task goes first once it fits
            TreeSet<QueuedTask> q = byTenant.get(blocked);
            QueuedTask head = q == null ? null : head(q);
            if (head == null) {
                blocked = null;
            } else if (d.tryStart(head)) {
                q.pollFirst();
                size--;
                started++;
                lastServed.put(blocked, ++serveCount);
                blocked = null;
            }
        }
        while (d.anyFreeSlot()) {
            String pick = null;
            double pickShare = Double.MAX_VALUE;
            for (Map.Entry<String, TreeSet<QueuedTask>> e : byTenant.entrySet()) {
                String tenant = e.getKey();
                if (head(e.getValue()) == null) {
                    continue;
                }
                double s = share.computeIfAbsent(tenant, t -> level(d, t, e.getValue()));
                if (s < pickShare || (s == pickShare && breaksTieFor(d, tenant, e.getValue(), pick))) {
                    pick = tenant;
                    pickShare = s;
                }
            }
            if (pick == null) {
                break;
            }
            TreeSet<QueuedTask> q = byTenant.get(pick);
            QueuedTask head = q.first();
            if (blocked != null && !blocked.equals(pick) && byTenant.containsKey(blocked)
                && head(byTenant.get(blocked)) != null
                && d.dominantShareWith(pick, head) / weight(pick) > d.dominantShare(blocked) / weight(blocked)) {
                break; // it would overtake the tenant whose task waits for room: the room is kept for that one
            }
            if (!d.tryStart(head)) {
                // Progressive filling: the freed capacity is kept for the tenant furthest below its share; letting
                // a richer tenant take it would push that tenant further above its share (and, with big and small
                // tasks, drift the split toward the tenant with the smaller tasks).
                blocked = pick;
                break;
            }
            if (pick.equals(blocked)) {
                blocked = null;
            }
            q.pollFirst();
            size--;
            started++;
            lastServed.put(pick, ++serveCount);
            share.remove(pick); // its share grew
        }
        byTenant.values().removeIf(q -> head(q) == null);
        return started;
    }

    /**
     * Equal shares per weight: the tenant whose share per weight would stay lower after its next task starts (a
     * heavier tenant grows less per task), then the one served least recently.
     */
    private boolean breaksTieFor(Dispatcher d, String tenant, TreeSet<QueuedTask> queue, String current) {
        double mine = d.dominantShareWith(tenant, head(queue)) / weight(tenant);
        double theirs = d.dominantShareWith(current, head(byTenant.get(current))) / weight(current);
        return mine < theirs || (mine == theirs && served(tenant) < served(current));
    }

    /**
     * A tenant's place in line: its dominant share halfway through its next task's allocation, per weight —
     * {@code (share now + share with its oldest task) / 2 / weight}. Tasks come in lumps; comparing shares before the
     * lump favours the tenant whose lumps are large relative to its weight (at weights 2:1 the split settled near
     * 63/37), comparing at the lump's middle splits by weight (66/34).
     */
    private double level(Dispatcher d, String tenant, TreeSet<QueuedTask> queue) {
        return (d.dominantShare(tenant) + d.dominantShareWith(tenant, head(queue))) / 2 / weight(tenant);
    }

    private long served(String tenant) {
        return lastServed.getOrDefault(tenant, 0L);
    }

    private QueuedTask head(TreeSet<QueuedTask> q) {
        while (!q.isEmpty() && !q.first().isWaiting()) {
            q.pollFirst();
            size--;
        }
        return q.isEmpty() ? null : q.first();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String explain(QueuedTask task, Dispatcher d) {
        return "fair share: tenant '" + task.tenant() + "' has dominant share "
            + String.format(java.util.Locale.ROOT, "%.3f", d.dominantShare(task.tenant())) + " and weight "
            + weight(task.tenant()) + "; the tenant with the smallest share per weight goes next";
    }

    @Override
    public String toString() {
        return "fair-share" + (weights.isEmpty() ? "" : weights);
    }
}
