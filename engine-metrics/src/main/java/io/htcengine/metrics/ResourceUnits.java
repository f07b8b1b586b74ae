package io.htcengine.metrics;

import io.htcengine.api.Resources;

/**
 * How a resource dimension is exported: in the base unit Prometheus prefers, with a {@code unit} label as
 * kube-state-metrics does for node capacity. cpu goes out in cores (the engine counts millicores), memory and
 * storage in bytes, slots, gpu and extended resources as plain counts.
 */
final class ResourceUnits {
    private ResourceUnits() {
    }

    /** @return the {@code unit} label of the resource: core, byte or integer. */
    static String unit(String resource) {
        switch (resource) {
            case "cpu":
                return "core";
            case "memory":
            case "storage":
                return "byte";
            default:
                return "integer";
        }
    }

    /** @return {@code amount} of the resource, as the engine counts it, in its exported unit. */
    static double value(String resource, long amount) {
        return resource.equals("cpu") ? amount / 1_000.0 : amount;
    }

    /** @return the amount of the named resource in {@code r} (0 for slots, which {@link Resources} does not hold). */
    static long amount(Resources r, String resource) {
        switch (resource) {
            case "cpu":
                return r.cpuMillis();
            case "memory":
                return r.memoryBytes();
            case "gpu":
                return r.gpus();
            case "storage":
                return r.storageBytes();
            case "slots":
                return 0;
            default:
                return r.extended().getOrDefault(resource, 0L);
        }
    }
}
