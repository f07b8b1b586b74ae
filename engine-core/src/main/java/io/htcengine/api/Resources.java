package io.htcengine.api;

import io.htcengine.internal.Validate;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A vector of resources: what a task requests, what a node has, what a tenant may use. Immutable; every amount is
 * zero or positive. The standard dimensions are cpu in millicores (1000 = one core), memory in bytes, gpus (a
 * count) and storage in bytes; any other countable resource (licences, FPGAs, bandwidth tokens) is a named
 * extended resource.
 * <pre>{@code
 * Resources req = Resources.builder().cpuMillis(2_000).memoryBytes(4L << 30).gpus(1).extended("fpga", 1).build();
 * }</pre>
 */
public final class Resources {
    /** Nothing: the request of a task that sets none (it still takes one of a node's slots). */
    public static final Resources NONE = new Builder().build();

    private final long cpuMillis;
    private final long memoryBytes;
    private final long gpus;
    private final long storageBytes;
    private final Map<String, Long> extended;

    private Resources(Builder b) {
        this.cpuMillis = b.cpuMillis;
        this.memoryBytes = b.memoryBytes;
        this.gpus = b.gpus;
        this.storageBytes = b.storageBytes;
        this.extended = b.extended.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.extended));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return cpu millicores and memory bytes, nothing else. */
    public static Resources of(long cpuMillis, long memoryBytes) {
        return builder().cpuMillis(cpuMillis).memoryBytes(memoryBytes).build();
    }

    public long cpuMillis() {
        return cpuMillis;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    public long gpus() {
        return gpus;
    }

    public long storageBytes() {
        return storageBytes;
    }

    /** @return the named extended resources, sorted by name (amounts are positive). */
    public Map<String, Long> extended() {
        return extended;
    }

    /**
     * @return the amount of the named resource: {@code cpu} (millicores), {@code memory} and {@code storage} (bytes),
     *         {@code gpu}, or an extended resource's name; 0 for a resource it does not have (and for {@code slots})
     */
    public long amount(String resource) {
        if (resource == null) {
            throw new IllegalArgumentException("resource must be one of cpu, memory, gpu, storage or an extended "
                + "resource's name, was null");
        }
        switch (resource) {
            case "cpu":
                return cpuMillis;
            case "memory":
                return memoryBytes;
            case "gpu":
                return gpus;
            case "storage":
                return storageBytes;
            default:
                return extended.getOrDefault(resource, 0L);
        }
    }

    /** @return whether every amount is zero. */
    public boolean isNone() {
        return cpuMillis == 0 && memoryBytes == 0 && gpus == 0 && storageBytes == 0 && extended.isEmpty();
    }

    /** @return a builder that starts from these amounts. */
    public Builder toBuilder() {
        Builder b = new Builder().cpuMillis(cpuMillis).memoryBytes(memoryBytes).gpus(gpus).storageBytes(storageBytes);
        b.extended.putAll(extended);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Resources)) {
            return false;
        }
        Resources r = (Resources) o;
        return cpuMillis == r.cpuMillis && memoryBytes == r.memoryBytes && gpus == r.gpus
            && storageBytes == r.storageBytes && extended.equals(r.extended);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cpuMillis) * 31 * 31 * 31 + Long.hashCode(memoryBytes) * 31 * 31
            + Long.hashCode(gpus) * 31 + Long.hashCode(storageBytes) + extended.hashCode();
    }

    /** @return e.g. {@code cpu=2000m memory=4GiB gpu=1 fpga=1}, or {@code none}. */
    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        if (cpuMillis > 0) {
            sb.append("cpu=").append(cpuMillis).append('m');
        }
        if (memoryBytes > 0) {
            sb.append(sb.length() > 0 ? " " : "").append("memory=").append(bytes(memoryBytes));
        }
        if (gpus > 0) {
            sb.append(sb.length() > 0 ? " " : "").append("gpu=").append(gpus);
        }
        if (storageBytes > 0) {
            sb.append(sb.length() > 0 ? " " : "").append("storage=").append(bytes(storageBytes));
        }
        extended.forEach((k, v) -> sb.append(sb.length() > 0 ? " " : "").append(k).append('=').append(v));
        return sb.toString();
    }

    /** @return bytes in the largest binary unit that divides them exactly (4GiB, 1536MiB, 1000B). */
    public static String bytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v != 0 && (v & 1023) == 0) {
            v >>= 10;
            u++;
        }
        return v + units[u];
    }

    /** Builds {@link Resources}; each setter checks its amount at once. */
    public static final class Builder {
        private long cpuMillis;
        private long memoryBytes;
        private long gpus;
        private long storageBytes;
        private final TreeMap<String, Long> extended = new TreeMap<>();

        private Builder() {
        }

        /** @param cpuMillis cpu in millicores (1000 = one core), zero or positive. */
        public Builder cpuMillis(long cpuMillis) {
            this.cpuMillis = Validate.range("cpuMillis", cpuMillis, 0, Long.MAX_VALUE);
            return this;
        }

        /** @param cores whole cores, zero or positive: {@code cores(4)} is {@code cpuMillis(4000)}. */
        public Builder cores(int cores) {
            Validate.range("cores", cores, 0, Integer.MAX_VALUE);
            return cpuMillis(cores * 1000L);
        }

        public Builder memoryBytes(long memoryBytes) {
            this.memoryBytes = Validate.range("memoryBytes", memoryBytes, 0, Long.MAX_VALUE);
            return this;
        }

        public Builder gpus(long gpus) {
            this.gpus = Validate.range("gpus", gpus, 0, Long.MAX_VALUE);
            return this;
        }

        public Builder storageBytes(long storageBytes) {
            this.storageBytes = Validate.range("storageBytes", storageBytes, 0, Long.MAX_VALUE);
            return this;
        }

        /**
         * @param name   an extended resource's name: letters, digits, '.', '_', '-' or '/', not one of the standard
         *               names (slots, cpu, memory, gpu, storage)
         * @param amount zero (removes it) or positive
         */
        public Builder extended(String name, long amount) {
            Validate.notBlank("extended resource name", name);
            if (!name.matches("[A-Za-z0-9._/-]+")) {
                throw new IllegalArgumentException("extended resource name must use only letters, digits, '.', '_', "
                    + "'-' and '/', was '" + name + "'");
            }
            if (STANDARD.contains(name)) {
                throw new IllegalArgumentException("extended resource name must not be a standard dimension "
                    + STANDARD + ", was '" + name + "'; use the builder's own setter");
            }
            Validate.range("extended resource '" + name + "'", amount, 0, Long.MAX_VALUE);
            if (amount == 0) {
                extended.remove(name);
            } else {
                extended.put(name, amount);
            }
            return this;
        }

        public Resources build() {
            return new Resources(this);
        }
    }

    /** The names of the standard dimensions, as status reports and error messages use them. */
    public static final java.util.List<String> STANDARD = java.util.List.of("slots", "cpu", "memory", "gpu", "storage");
}
