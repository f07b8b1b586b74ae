package io.htcengine.internal.cluster;

import io.htcengine.api.Resources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The resource dimensions of one engine, fixed when it is built: slots, cpu, memory, gpu, storage, then the
 * extended resources its nodes and pools declare, sorted by name. Turns {@link Resources} into the {@code long[]}
 * vectors the allocator works on. Immutable; any thread.
 */
public final class Dims {
    public static final int SLOTS = 0;
    public static final int CPU = 1;
    public static final int MEMORY = 2;
    public static final int GPU = 3;
    public static final int STORAGE = 4;

    private final String[] names;
    private final long[] slotOnly;

    public Dims(Collection<String> extendedNames) {
        List<String> all = new ArrayList<>(Resources.STANDARD);
        all.addAll(new TreeSet<>(extendedNames));
        this.names = all.toArray(new String[0]);
        this.slotOnly = new long[names.length];
        slotOnly[SLOTS] = 1;
    }

    public int count() {
        return names.length;
    }

    public String name(int dim) {
        return names[dim];
    }

    /** @return the request vector of a task holding {@code r} and one slot; shared for {@link Resources#NONE}. */
    public long[] request(Resources r) {
        return r.isNone() ? slotOnly : vector(r, 1);
    }

    /**
     * @return {@code r} as a vector with {@code slots} in the slot dimension, or null when {@code r} names an
     *         extended resource this engine does not have (no node can ever hold it)
     */
    public long[] vector(Resources r, long slots) {
        long[] v = new long[names.length];
        v[SLOTS] = slots;
        v[CPU] = r.cpuMillis();
        v[MEMORY] = r.memoryBytes();
        v[GPU] = r.gpus();
        v[STORAGE] = r.storageBytes();
        for (Map.Entry<String, Long> e : r.extended().entrySet()) {
            int d = indexOf(e.getKey());
            if (d < 0) {
                return null;
            }
            v[d] = e.getValue();
        }
        return v;
    }

    public int indexOf(String name) {
        for (int d = 0; d < names.length; d++) {
            if (names[d].equals(name)) {
                return d;
            }
        }
        return -1;
    }

    /** @return the vector as {@link Resources} (the slot dimension is dropped). */
    public Resources resources(long[] v) {
        Resources.Builder b = Resources.builder().cpuMillis(v[CPU]).memoryBytes(v[MEMORY]).gpus(v[GPU])
            .storageBytes(v[STORAGE]);
        for (int d = STORAGE + 1; d < names.length; d++) {
            b.extended(names[d], v[d]);
        }
        return b.build();
    }

    /** @return the amount in one dimension as people read it: 2000m, 4GiB, 3. */
    public String amount(int dim, long value) {
        switch (dim) {
            case CPU:
                return value + "m";
            case MEMORY:
            case STORAGE:
                return Resources.bytes(value);
            default:
                return Long.toString(value);
        }
    }

    /** @return the non-zero dimensions, e.g. {@code slots=1 cpu=2000m memory=4GiB}. */
    public String describe(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < v.length; d++) {
            if (v[d] != 0) {
                sb.append(sb.length() > 0 ? " " : "").append(names[d]).append('=').append(amount(d, v[d]));
            }
        }
        return sb.length() == 0 ? "nothing" : sb.toString();
    }
}
