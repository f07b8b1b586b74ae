package io.htcengine.api;

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

    private TaskSpec(Builder<I, O> b) {
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

    @Override
    public String toString() {
        return "TaskSpec{name=" + name + ", priority=" + priority + ", type=" + type + ", retry=" + retry + '}';
    }

    /** Builds a {@link TaskSpec}; {@link #build()} checks every value. */
    public static final class Builder<I, O> {
        private final TaskHandler<I, O> handler;
        private String name = "task";
        private int priority = DEFAULT_PRIORITY;
        private TaskType type = TaskType.BATCH;
        private RetryPolicy retry;
        private FailurePolicy onParentFailure;
        private java.time.Duration timeout;

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

        public TaskSpec<I, O> build() {
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
