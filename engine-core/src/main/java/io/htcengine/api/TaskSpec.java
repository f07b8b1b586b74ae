package io.htcengine.api;

import io.htcengine.internal.Validate;

/**
 * What to run and how: handler, priority, type and retry policy. Immutable and validated when built,
 * so one spec can be submitted any number of times with different inputs:
 * <pre>{@code
 * TaskSpec<Double, Double> price = TaskSpec.of(Pricer::price).priority(7).build();
 * engine.submit(price, 101.5);
 * }</pre>
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class TaskSpec<I, O> {
    /** The lowest priority. */
    public static final int MIN_PRIORITY = 1;
    /** The highest priority. */
    public static final int MAX_PRIORITY = 10;
    /** The priority of a spec that does not set one. */
    public static final int DEFAULT_PRIORITY = 5;

    private final TaskHandler<I, O> handler;
    private final String name;
    private final int priority;
    private final TaskType type;
    private final RetryPolicy retry;
    private final FailurePolicy onParentFailure;
    private final java.time.Duration timeout;
    private final Resources resources;
    private final String tenant;
    private final java.util.Map<String, String> nodeSelector;
    private final java.time.Duration runtimeEstimate;

    private TaskSpec(Builder<I, O> b) {
        this.runtimeEstimate = b.runtimeEstimate;
        this.resources = b.resources;
        this.tenant = b.tenant;
        this.nodeSelector = b.nodeSelector.isEmpty() ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(b.nodeSelector));
        this.timeout = b.timeout;
        this.onParentFailure = b.onParentFailure;
        this.handler = b.handler;
        this.name = b.name;
        this.priority = b.priority;
        this.type = b.type;
        this.retry = b.retry;
    }

    /** @return a builder for a spec running {@code handler}; the handler must not be null. */
    public static <I, O> Builder<I, O> of(TaskHandler<I, O> handler) {
        return new Builder<>(handler);
    }

    public TaskHandler<I, O> handler() {
        return handler;
    }

    public String name() {
        return name;
    }

    public int priority() {
        return priority;
    }

    public TaskType type() {
        return type;
    }

    /** @return the retry policy, or null to use the engine's default. */
    public RetryPolicy retry() {
        return retry;
    }

    /** @return the run-time limit of one attempt, or null for the engine's default (none for STREAMING tasks). */
    public java.time.Duration timeout() {
        return timeout;
    }

    /** @return what happens when a parent fails, or null to use the session's policy (default: cancel). */
    public FailurePolicy onParentFailure() {
        return onParentFailure;
    }

    /** @return what one task of this spec holds while it runs (besides one slot of its node). */
    public Resources resources() {
        return resources;
    }

    /** @return how long one attempt is expected to run (EASY backfilling uses it), or null when unknown. */
    public java.time.Duration runtimeEstimate() {
        return runtimeEstimate;
    }

    /** @return the tenant whose quota and fair share the tasks of this spec count against. */
    public String tenant() {
        return tenant;
    }

    /** @return node labels a node must have, each with the given value, to run tasks of this spec (empty: any). */
    public java.util.Map<String, String> nodeSelector() {
        return nodeSelector;
    }

    @Override
    public String toString() {
        return "TaskSpec{name=" + name + ", priority=" + priority + ", type=" + type + ", retry=" + retry
            + (resources.isNone() ? "" : ", resources=" + resources) + (DEFAULT_TENANT.equals(tenant) ? "" : ", tenant=" + tenant)
            + (nodeSelector.isEmpty() ? "" : ", nodeSelector=" + nodeSelector) + '}';
    }

    /** The tenant of a spec that names none. */
    public static final String DEFAULT_TENANT = "default";

    /** Builds a {@link TaskSpec}; {@link #build()} checks every value. */
    public static final class Builder<I, O> {
        private final TaskHandler<I, O> handler;
        private String name = "task";
        private int priority = DEFAULT_PRIORITY;
        private TaskType type = TaskType.BATCH;
        private RetryPolicy retry;
        private FailurePolicy onParentFailure;
        private java.time.Duration timeout;
        private Resources resources = Resources.NONE;
        private String tenant = DEFAULT_TENANT;
        private final java.util.Map<String, String> nodeSelector = new java.util.TreeMap<>();
        private java.time.Duration runtimeEstimate;

        private Builder(TaskHandler<I, O> handler) {
            this.handler = Validate.notNull("handler", handler);
        }

        /** @param name a label for logs and listeners; non-blank. */
        public Builder<I, O> name(String name) {
            this.name = name;
            return this;
        }

        /** @param priority 1 (lowest) to 10 (highest). */
        public Builder<I, O> priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder<I, O> type(TaskType type) {
            this.type = type;
            return this;
        }

        /** @param retry the retry policy; null means the engine's default. */
        public Builder<I, O> retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /**
         * @param timeout the longest one attempt may run, positive; when it passes the attempt is asked to stop
         *                ({@link TaskContext#isCancelled()}) and interrupted, and counts as failed with a
         *                {@link TaskTimeoutException} (retried if the retry policy allows). Null: the engine's
         *                default, which STREAMING tasks do not get.
         */
        public Builder<I, O> timeout(java.time.Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @param policy what happens to tasks of this spec when a parent fails; null means the session's policy. */
        public Builder<I, O> onParentFailure(FailurePolicy policy) {
            this.onParentFailure = policy;
            return this;
        }

        /**
         * @param resources what one task holds while it runs, on the node it runs on; {@link Resources#NONE} by
         *                  default (the task still takes one slot). A request no node could ever hold is rejected
         *                  at submit, or held as unschedulable, per {@link EngineBuilder#unschedulable}.
         */
        public Builder<I, O> resources(Resources resources) {
            this.resources = resources;
            return this;
        }

        /** @param tenant who the tasks are for (quotas, fair share, metrics); non-blank, "default" by default. */
        public Builder<I, O> tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /**
         * Runs the tasks only on nodes labelled {@code label=value} (e.g. {@code "gpu-model", "a100"}); called again,
         * every label must match (so one label cannot be required to have two values).
         */
        public Builder<I, O> nodeSelector(String label, String value) {
            Validate.notBlank("nodeSelector label", label);
            Validate.notNull("nodeSelector value of '" + label + "'", value);
            String required = nodeSelector.putIfAbsent(label, value);
            if (required != null && !required.equals(value)) {
                throw new IllegalArgumentException("nodeSelector label '" + label + "' is already required to be '"
                    + required + "'; a node has one value per label, so it cannot also be '" + value + "'");
            }
            return this;
        }

        /**
         * @param estimate how long one attempt is expected to run, positive; what EASY backfilling plans with (like a
         *                 batch job's requested wall time). Null (the default): unknown.
         */
        public Builder<I, O> runtimeEstimate(java.time.Duration estimate) {
            this.runtimeEstimate = estimate;
            return this;
        }

        public TaskSpec<I, O> build() {
            if (runtimeEstimate != null) {
                Validate.positive("runtimeEstimate", runtimeEstimate);
            }
            Validate.notNull("resources", resources);
            Validate.notBlank("tenant", tenant);
            Validate.notBlank("name", name);
            Validate.range("priority", priority, MIN_PRIORITY, MAX_PRIORITY);
            if (timeout != null) {
                Validate.positive("timeout", timeout);
            }
            if (type == null) {
                throw new IllegalArgumentException("type must be one of BATCH, INTERACTIVE, STREAMING, was null");
            }
            return new TaskSpec<>(this);
        }
    }
}
