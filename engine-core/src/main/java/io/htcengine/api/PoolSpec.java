package io.htcengine.api;

import io.htcengine.internal.Validate;
import io.htcengine.spi.AutoscalePolicy;

/**
 * A named group of like nodes (a "cluster" in the service API): the template its nodes are made from, and the
 * least and most nodes it may have. The engine asks the host's {@link io.htcengine.spi.NodeProvisioner} for its
 * nodes ({@code min} of them at start), and, with an {@link AutoscalePolicy}, grows and shrinks it with the load —
 * always within [min, max], always draining a node before removing it. Immutable.
 * <pre>{@code
 * PoolSpec.builder("burst").template(NodeSpec.localThreads("burst", 2).withCapacity(Resources.of(2_000, 4L << 30)))
 *     .min(1).max(8).autoscale(AutoscalePolicy.onDemand(Duration.ofSeconds(2), Duration.ofSeconds(30))).build();
 * }</pre>
 */
public final class PoolSpec {
    private final String name;
    private final NodeSpec template;
    private final int min;
    private final int max;
    private final AutoscalePolicy autoscale;

    private PoolSpec(Builder b) {
        this.name = b.name;
        this.template = b.template;
        this.min = b.min;
        this.max = b.max;
        this.autoscale = b.autoscale;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** @return what each node of the pool is: slots, capacity, labels, executor (its name is replaced). */
    public NodeSpec template() {
        return template;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** @return the autoscaling policy, or null: the pool changes size only when asked ({@link Cluster#scaleTo}). */
    public AutoscalePolicy autoscale() {
        return autoscale;
    }

    @Override
    public String toString() {
        return "PoolSpec{name=" + name + ", min=" + min + ", max=" + max + ", template=" + template
            + (autoscale == null ? "" : ", autoscale=" + autoscale) + '}';
    }

    /** Builds a {@link PoolSpec}; {@link #build()} checks every value. */
    public static final class Builder {
        private final String name;
        private NodeSpec template;
        private int min;
        private int max = 1;
        private AutoscalePolicy autoscale;

        private Builder(String name) {
            this.name = name;
        }

        public Builder template(NodeSpec template) {
            this.template = template;
            return this;
        }

        /** @param min the fewest nodes, 0 to max; 0 by default. */
        public Builder min(int min) {
            this.min = min;
            return this;
        }

        /** @param max the most nodes, 1 to 100,000; 1 by default. */
        public Builder max(int max) {
            this.max = max;
            return this;
        }

        /** @param policy decides the pool's size from its load; null (the default) for manual sizing only. */
        public Builder autoscale(AutoscalePolicy policy) {
            this.autoscale = policy;
            return this;
        }

        public PoolSpec build() {
            Validate.notBlank("pool name", name);
            Validate.notNull("template of pool '" + name + "'", template);
            Validate.range("max of pool '" + name + "'", max, 1, 100_000);
            Validate.range("min of pool '" + name + "'", min, 0, max);
            return new PoolSpec(this);
        }
    }
}
