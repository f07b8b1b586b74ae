package io.htcengine.internal.cluster;

import io.htcengine.api.Resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a request could ever be placed: some node that exists, or some pool's template, has the capacity and
 * the labels, and the tenant's quota is not smaller than the request. An immutable snapshot the loop republishes
 * when nodes or pools change, so submitting threads can reject an impossible task at once. Any thread.
 */
public final class Feasibility {
    /** A distinct node shape: capacity and labels, with one example of where it comes from. */
    record Shape(long[] capacity, Map<String, String> labels, String source) {
    }

    /** A spec's verdict under this snapshot: null message = accepted. */
    private record Verdict(io.htcengine.api.TaskSpec<?, ?> spec, String message) {
    }

    private static final int VERDICTS = 64;

    private final Dims dims;
    private final List<Shape> shapes;
    private final Map<String, long[]> quotas;
    private final boolean rejectNever;
    /** Verdicts of recently submitted specs (direct-mapped by identity): a spec submitted again costs a lookup. */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Verdict> verdicts =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(VERDICTS);

    Feasibility(Dims dims, List<Shape> shapes, Map<String, long[]> quotas, io.htcengine.api.UnschedulableMode mode) {
        this.dims = dims;
        this.shapes = shapes;
        this.quotas = quotas;
        this.rejectNever = mode == io.htcengine.api.UnschedulableMode.REJECT;
    }

    /**
     * The submit-time check of a task spec: a request over its tenant's whole quota, or naming a resource the engine
     * lacks, is always refused (both are fixed at build); one no node or pool template could hold only when such
     * requests are rejected rather than held.
     *
     * @return null to accept, else the message to refuse it with
     */
    public String rejection(io.htcengine.api.TaskSpec<?, ?> spec) {
        int slot = System.identityHashCode(spec) & (VERDICTS - 1);
        Verdict v = verdicts.get(slot);
        if (v == null || v.spec != spec) {
            v = new Verdict(spec, judge(spec));
            verdicts.set(slot, v);
        }
        return v.message;
    }

    private String judge(io.htcengine.api.TaskSpec<?, ?> spec) {
        String what = "task spec '" + spec.name() + "'";
        String never = whyNeverForQuota(what, spec.resources(), spec.tenant());
        if (never != null || !rejectNever) {
            return never;
        }
        never = whyNoShape(what, dims.vector(spec.resources(), 0), spec.nodeSelector());
        return never == null ? null : never + " (rejected; with EngineBuilder.unschedulable(HOLD) it would wait until a "
            + "node or pool that could hold it is added)";
    }

    /** @return whether some node that exists, or some pool's template, matching the selector has at least {@code v}. */
    boolean couldEverHold(long[] v, Map<String, String> selector) {
        for (Shape s : shapes) {
            if (matches(s.labels, selector) && covers(s.capacity, v)) {
                return true;
            }
        }
        return false;
    }

    static List<Shape> distinct(List<Shape> all) {
        Map<String, Shape> byKey = new LinkedHashMap<>();
        for (Shape s : all) {
            byKey.putIfAbsent(java.util.Arrays.toString(s.capacity) + s.labels, s);
        }
        return new ArrayList<>(byKey.values());
    }

    /** @return null if {@code resources} could ever be placed for {@code tenant} on a node matching {@code selector},
     *          else why not, naming the resource (or the labels, or the quota) */
    public String whyNever(String what, Resources resources, Map<String, String> selector, String tenant) {
        String never = whyNeverForQuota(what, resources, tenant);
        if (never != null) {
            return never;
        }
        return whyNoShape(what, dims.vector(resources, 0), selector);
    }

    /**
     * @return null unless the request names a resource the engine lacks or exceeds its tenant's whole quota: both are
     *         fixed when the engine is built, so such a request can never run, whatever nodes are added
     */
    public String whyNeverForQuota(String what, Resources resources, String tenant) {
        long[] v = dims.vector(resources, 0);
        if (v == null) {
            for (String name : resources.extended().keySet()) {
                if (dims.indexOf(name) < 0) {
                    return what + " requests " + name + "=" + resources.extended().get(name) + ", but no node or pool "
                        + "has resource '" + name + "' (resources: " + String.join(", ", names()) + ")";
                }
            }
        }
        long[] quota = quotas.get(tenant);
        if (quota != null) {
            for (int d = 1; d < v.length; d++) {
                if (v[d] > quota[d]) {
                    return what + " requests " + dims.name(d) + "=" + dims.amount(d, v[d]) + ", more than the whole "
                        + "quota of tenant '" + tenant + "' (" + dims.name(d) + "=" + dims.amount(d, quota[d]) + ")";
                }
            }
        }
        return null;
    }

    /** @return null if some shape matching the selector has at least {@code v} in every dimension, else why not. */
    String whyNoShape(String what, long[] v, Map<String, String> selector) {
        if (couldEverHold(v, selector)) {
            return null;
        }
        List<Shape> matching = new ArrayList<>();
        for (Shape s : shapes) {
            if (matches(s.labels, selector)) {
                matching.add(s);
            }
        }
        if (matching.isEmpty()) {
            return what + " selects nodes labelled " + selector + ", but no node or pool template has "
                + (selector.size() == 1 ? "that label" : "those labels");
        }
        for (int d = 0; d < v.length; d++) {
            long most = -1;
            String where = null;
            for (Shape s : matching) {
                if (s.capacity[d] > most) {
                    most = s.capacity[d];
                    where = s.source;
                }
            }
            if (v[d] > most) {
                return what + " requests " + dims.name(d) + "=" + dims.amount(d, v[d]) + ", but no node of any pool "
                    + "could ever hold it: the most " + dims.name(d) + " any " + (selector.isEmpty() ? "" : "matching ")
                    + "node or pool template has is " + dims.amount(d, most) + " (" + where + ")";
            }
        }
        return what + " requests " + dims.describe(v) + ", but no single node or pool template has all of it at once";
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < dims.count(); d++) {
            out.add(dims.name(d));
        }
        return out;
    }

    static boolean covers(long[] capacity, long[] v) {
        for (int d = 0; d < v.length; d++) {
            if (capacity[d] < v[d]) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
