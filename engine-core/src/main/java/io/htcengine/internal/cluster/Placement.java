package io.htcengine.internal.cluster;

import io.htcengine.api.Resources;
import io.htcengine.spi.NodeCandidates;
import io.htcengine.spi.PlacementPolicy;
import io.htcengine.spi.PlacementRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which UP node gets a request: a {@link FitIndex} of every UP node, one more per node selector in use (holding the
 * UP nodes that match it, made the first time a request uses that selector), and the {@link PlacementPolicy} that
 * chooses through them. Scheduler loop only.
 */
final class Placement {
    private final Dims dims;
    private final PlacementPolicy policy;
    private final FitIndex all;
    private final Map<Map<String, String>, FitIndex> bySelector = new HashMap<>();
    private final List<NodeRecord> nodes;
    private final Request request = new Request();
    private final Candidates candidates = new Candidates();
    private final boolean builtin;
    /** UP nodes whose free capacity grew since the index last saw them (releases are batched per node). */
    private final java.util.ArrayList<NodeRecord> freed = new java.util.ArrayList<>();

    Placement(Dims dims, PlacementPolicy policy, List<NodeRecord> nodes) {
        this.dims = dims;
        this.policy = policy;
        this.nodes = nodes;
        this.all = new FitIndex(dims.count());
        this.builtin = policy instanceof PlacementPolicy.Builtin;
    }

    /**
     * The node's free capacity grew: the index hears of it before the next placement. A burst of completions on one
     * node costs one index update, not one per task; the index is never behind when it is asked.
     */
    void freed(NodeRecord n) {
        if (n == only) {
            n.indexStale = true;
            return;
        }
        if (!n.indexStale) {
            n.indexStale = true;
            freed.add(n);
        }
    }

    private void catchUp() {
        for (int i = 0, k = freed.size(); i < k; i++) {
            NodeRecord n = freed.get(i);
            if (n.indexStale) {
                n.indexStale = false;
                if (all.contains(n.id)) {
                    update(n);
                }
            }
        }
        freed.clear();
    }

    /**
     * The only UP node, while there is exactly one and no selector index (an embedded engine's usual single local
     * node), with a built-in policy: then every policy's answer is "that node, if it fits", so placements skip the
     * index and the index is brought up to date only when a second node or a selector appears.
     */
    private NodeRecord only;

    private void leaveSingleNode() {
        if (only != null) {
            NodeRecord n = only;
            only = null;
            if (n.indexStale) {
                n.indexStale = false;
                update(n);
            }
        }
    }

    /** The node became UP: index it, in every selector index it matches. */
    void add(NodeRecord n) {
        leaveSingleNode();
        all.put(n.id, n.free, n.capacity);
        if (all.size() == 1 && bySelector.isEmpty() && builtin) {
            only = n;
        }
        bySelector.forEach((selector, index) -> {
            if (n.matches(selector)) {
                index.put(n.id, n.free, n.capacity);
                n.selectorIndexes.add(index);
            }
        });
    }

    /** The node is no longer UP. */
    void remove(NodeRecord n) {
        if (only == n) {
            only = null;
        }
        n.indexStale = false;
        all.remove(n.id);
        for (FitIndex index : n.selectorIndexes) {
            index.remove(n.id);
        }
        n.selectorIndexes.clear();
    }

    /** The node's free vector changed (it is UP). */
    void update(NodeRecord n) {
        if (n == only) {
            n.indexStale = true; // told when the engine has more than one node
            return;
        }
        n.indexStale = false;
        all.updateFree(n.id, n.free);
        for (int i = 0, k = n.selectorIndexes.size(); i < k; i++) {
            n.selectorIndexes.get(i).updateFree(n.id, n.free);
        }
    }

    /**
     * @return the chosen UP node's id, or -1 if none fits (or the policy declined)
     * @throws IllegalStateException if a custom policy chose a node that is not a candidate or does not fit
     */
    int choose(long id, boolean allocation, String tenant, int priority, long[] vector,
               Map<String, String> selector) {
        if (only != null) {
            if (selector.isEmpty()) {
                return only.fits(vector) ? only.id : -1;
            }
            leaveSingleNode();
        }
        if (!freed.isEmpty()) {
            catchUp();
        }
        FitIndex index = selector.isEmpty() ? all : indexFor(selector);
        if (index.size() == 0) {
            return -1;
        }
        if (builtin) { // no view objects, no check of the answer: the index answers exactly
            switch ((PlacementPolicy.Builtin) policy) {
                case FIRST_FIT:
                    return index.firstFit(vector);
                case SPREAD:
                    return index.spread(vector);
                default:
                    return index.bestFit(vector);
            }
        }
        request.set(id, allocation, tenant, priority, vector);
        candidates.set(index, vector);
        int node;
        try {
            node = policy.choose(request, candidates);
        } catch (RuntimeException | Error e) { // a host's bug: the request waits (parked), it is not lost
            failed("placement policy " + policy + " failed for " + (allocation ? "allocation " : "task ") + id, e);
            return -1;
        }
        if (node >= 0 && !(index.contains(node) && nodes.get(node).fits(vector))) {
            failed("placement policy " + policy + " chose node " + node + " for " + (allocation ? "allocation " : "task ")
                + id + ", which is not a candidate that fits " + dims.describe(vector), null);
            return -1;
        }
        return node;
    }

    private FitIndex indexFor(Map<String, String> selector) {
        FitIndex index = bySelector.get(selector);
        if (index == null) {
            index = new FitIndex(dims.count());
            for (NodeRecord n : nodes) {
                if (all.contains(n.id) && n.matches(selector)) {
                    index.put(n.id, n.free, n.capacity);
                    n.selectorIndexes.add(index);
                }
            }
            bySelector.put(Map.copyOf(selector), index);
        }
        return index;
    }

    /** @return the UP nodes, by scanning (status reports only). */
    List<NodeRecord> upNodes() {
        catchUp();
        if (only != null && only.indexStale) {
            only.indexStale = false;
            all.updateFree(only.id, only.free);
        }
        List<NodeRecord> up = new ArrayList<>();
        for (NodeRecord n : nodes) {
            if (all.contains(n.id)) {
                up.add(n);
            }
        }
        return up;
    }

    private final class Request implements PlacementRequest {
        private long id;
        private boolean allocation;
        private String tenant;
        private int priority;
        private long[] vector;

        void set(long id, boolean allocation, String tenant, int priority, long[] vector) {
            this.id = id;
            this.allocation = allocation;
            this.tenant = tenant;
            this.priority = priority;
            this.vector = vector;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public boolean isAllocation() {
            return allocation;
        }

        @Override
        public String tenant() {
            return tenant;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Resources resources() {
            return dims.resources(vector);
        }

        @Override
        public long amount(String resource) {
            int d = dims.indexOf(resource);
            return d < 0 ? 0 : vector[d];
        }
    }

    private final class Candidates implements NodeCandidates {
        private FitIndex index;
        private long[] vector;

        void set(FitIndex index, long[] vector) {
            this.index = index;
            this.vector = vector;
        }

        @Override
        public int bestFit() {
            return index.bestFit(vector);
        }

        @Override
        public int firstFit() {
            return index.firstFit(vector);
        }

        @Override
        public int spread() {
            return index.spread(vector);
        }

        @Override
        public int idBound() {
            return nodes.size();
        }

        @Override
        public boolean isCandidate(int node) {
            return index.contains(node);
        }

        @Override
        public boolean fits(int node) {
            return index.contains(node) && nodes.get(node).fits(vector);
        }

        @Override
        public String name(int node) {
            return nodes.get(node).name;
        }

        @Override
        public long free(int node, String resource) {
            int d = dims.indexOf(resource);
            return d < 0 ? 0 : nodes.get(node).free[d];
        }

        @Override
        public long capacity(int node, String resource) {
            int d = dims.indexOf(resource);
            return d < 0 ? 0 : nodes.get(node).capacity[d];
        }

        @Override
        public String label(int node, String label) {
            return nodes.get(node).labels.get(label);
        }
    }

    private long failures;

    /**
     * A placement policy's failure: the request is taken as declined (it waits, and is tried again when capacity is
     * freed or nodes change). Logged the first time and every 1,000th after, so a policy that always fails does not
     * flood the log.
     */
    private void failed(String what, Throwable error) {
        if (failures++ % 1_000 == 0) {
            org.slf4j.LoggerFactory.getLogger(Placement.class).warn("{}: taken as declined, the request waits ({} "
                + "failure(s) so far)", what, failures, error);
        }
    }
}
