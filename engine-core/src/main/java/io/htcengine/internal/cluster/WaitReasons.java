package io.htcengine.internal.cluster;

import io.htcengine.api.NodeState;
import io.htcengine.internal.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The texts that say why a task waits: the short reason a parked task shows ({@code TaskHandle.reason()}) and the
 * detailed answer to "why pending" (the closest node and what it lacks, nodes not UP, nodes being provisioned).
 * Only failure paths and questions build them; placement itself never does.
 *
 * <p>Threading: scheduler loop only (part of {@link ClusterState}).
 */
final class WaitReasons {
    private final ClusterState c;

    WaitReasons(ClusterState c) {
        this.c = c;
    }

    String reason(ParkedTasks.Why why, long[] request, Map<String, String> selector, TenantLedger ledger) {
        switch (why) {
            case QUOTA: {
                int d = ledger.exceeded(request);
                return "waiting for quota: tenant '" + ledger.tenant + "' holds " + c.dims.name(d) + "="
                    + c.dims.amount(d, ledger.used[d]) + " of its quota of " + c.dims.amount(d, ledger.ceiling[d])
                    + " and this needs " + c.dims.amount(d, request[d]) + " more";
            }
            case UNSCHEDULABLE:
                return "unschedulable: " + c.feasibility.whyNoShape("it", request, selector);
            default:
                return "waiting for resources: no UP node" + (selector.isEmpty() ? "" : " labelled " + selector)
                    + " has " + c.dims.describe(request) + " free now";
        }
    }

    private Map<NodeState, List<String>> notUp(Map<String, String> selector) {
        Map<NodeState, List<String>> notUp = new java.util.EnumMap<>(NodeState.class);
        for (NodeRecord n : c.nodes) {
            if (n.state != NodeState.UP && n.state != NodeState.REMOVED && n.matches(selector)) {
                notUp.computeIfAbsent(n.state, k -> new ArrayList<>()).add(n.name);
            }
        }
        return notUp;
    }

    private static void appendNotUp(StringBuilder sb, Map<NodeState, List<String>> notUp) {
        notUp.forEach((state, names) -> sb.append("; ").append(names.size()).append(' ')
            .append(state.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(names.size() <= 5 ? names
                : names.subList(0, 5) + " and " + (names.size() - 5) + " more"));
    }

    /** @return for a ready task not yet tried: whether a slot is free, or why none is (busy, or no node UP). */
    String slotSummary() {
        if (c.anyFreeSlot()) {
            return "a slot is free, so it is placed at the next cycle if a node has room for it";
        }
        int up = c.placement.upNodes().size();
        StringBuilder sb = new StringBuilder(up == 0 ? "no node is UP" : "every slot of every UP node is busy");
        appendNotUp(sb, notUp(Map.of()));
        return sb.toString();
    }

    /**
     * @return why a parked task waits, in detail: for want of room, the node that comes closest (fewest resources
     *         short, then least short) with its free resources, and the matching nodes that are not UP (draining,
     *         cordoned, provisioning)
     */
    String explain(Task t) {
        ParkedTasks.Why why = null;
        Map<String, String> selector = t.spec().nodeSelector();
        TenantLedger ledger = (TenantLedger) t.tenantLedger;
        if (!ledger.allows(t.request)) {
            why = ParkedTasks.Why.QUOTA;
        } else if (!c.feasibility.couldEverHold(t.request, selector)) {
            why = ParkedTasks.Why.UNSCHEDULABLE;
        }
        if (why != null) {
            return reason(why, t.request, selector, ledger);
        }
        StringBuilder sb = new StringBuilder(reason(ParkedTasks.Why.NO_ROOM, t.request, selector, ledger));
        NodeRecord closest = null;
        int closestShort = Integer.MAX_VALUE;
        double closestGap = Double.MAX_VALUE;
        Map<NodeState, List<String>> notUp = notUp(selector);
        for (NodeRecord n : c.nodes) {
            if (n.state != NodeState.UP || !n.matches(selector)) {
                continue;
            }
            int shortDims = 0;
            double gap = 0;
            for (int d = 0; d < t.request.length; d++) {
                if (n.free[d] < t.request[d]) {
                    shortDims++;
                    gap += (double) (t.request[d] - n.free[d]) / t.request[d];
                }
            }
            if (shortDims < closestShort || (shortDims == closestShort && gap < closestGap)) {
                closest = n;
                closestShort = shortDims;
                closestGap = gap;
            }
        }
        if (closest != null) {
            sb.append("; the closest is node ").append(closest.name).append(" with ").append(c.dims.describe(closest.free))
                .append(" free (short of");
            for (int d = 0; d < t.request.length; d++) {
                if (closest.free[d] < t.request[d]) {
                    sb.append(' ').append(c.dims.name(d)).append(" by ").append(c.dims.amount(d, t.request[d] - closest.free[d]));
                }
            }
            sb.append(')');
        } else {
            sb.append("; no matching node is UP");
        }
        appendNotUp(sb, notUp);
        int provisioning = 0;
        for (PoolState p : c.pools.values()) {
            if (p.templateVector != null && Feasibility.covers(p.templateVector, t.request)
                && Feasibility.matches(p.spec.template().labels(), selector)) {
                provisioning += p.provisioning.size();
            }
        }
        if (provisioning > 0) {
            sb.append("; ").append(provisioning).append(" node(s) that could hold it are being provisioned");
        }
        return sb.toString();
    }
}
