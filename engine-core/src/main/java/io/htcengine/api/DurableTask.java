package io.htcengine.api;

import io.htcengine.internal.Validate;

import java.util.Arrays;

/**
 * A durable task: a registered handler's name, its input as bytes, and how to schedule it. Immutable; validated
 * when built:
 * <pre>{@code
 * engine.durable().submit(DurableTask.of("price", bytes).priority(7).tenant("risk").build());
 * }</pre>
 */
public final class DurableTask {
    private final String handler;
    private final byte[] input;
    private final String name;
    private final int priority;
    private final String tenant;
    private final DurableHandle[] parents;

    private DurableTask(Builder b) {
        this.handler = b.handler;
        this.input = b.input;
        this.name = b.name == null ? b.handler : b.name;
        this.priority = b.priority;
        this.tenant = b.tenant;
        this.parents = b.parents;
    }

    /**
     * @param handler the name a {@link DurableHandler} was registered under
     * @param input   the input handed to it; not null (use an empty array for none); not copied, so do not change it
     */
    public static Builder of(String handler, byte[] input) {
        return new Builder(handler, input);
    }

    public String handler() {
        return handler;
    }

    /** @return the input (not a copy). */
    public byte[] input() {
        return input;
    }

    public String name() {
        return name;
    }

    public int priority() {
        return priority;
    }

    /** @return who the task runs for, or null. */
    public String tenant() {
        return tenant;
    }

    /** @return the durable tasks that must complete before this one runs. */
    public DurableHandle[] parents() {
        return parents.clone();
    }


    @Override
    public String toString() {
        return "DurableTask{handler=" + handler + ", name=" + name + ", priority=" + priority + ", tenant=" + tenant
            + ", input=" + input.length + " bytes, parents=" + Arrays.stream(parents).mapToLong(DurableHandle::jobId)
            .boxed().toList() + '}';
    }

    /** Builds a {@link DurableTask}; {@link #build()} checks every value. */
    public static final class Builder {
        private final String handler;
        private final byte[] input;
        private String name;
        private int priority = TaskSpec.DEFAULT_PRIORITY;
        private String tenant;
        private DurableHandle[] parents = new DurableHandle[0];

        private Builder(String handler, byte[] input) {
            this.handler = Validate.notBlank("handler", handler);
            this.input = Validate.notNull("input", input);
        }

        /** @param name a label for the job history; non-blank; the handler's name by default. */
        public Builder name(String name) {
            this.name = Validate.notBlank("name", name);
            return this;
        }

        /** @param priority 1 (lowest) to 10 (highest); default 5. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /**
         * @param tenant who the task runs for (user or team), stored with the job and filterable in its history;
         *               non-blank, or null for none (the default)
         */
        public Builder tenant(String tenant) {
            if (tenant != null) {
                Validate.notBlank("tenant", tenant);
            }
            this.tenant = tenant;
            return this;
        }

        /**
         * @param parents durable tasks of the same engine and session that must COMPLETE before this one runs; if one
         *                fails or is cancelled, this one is cancelled
         */
        public Builder after(DurableHandle... parents) {
            Validate.notNull("parents", parents);
            for (int i = 0; i < parents.length; i++) {
                Validate.notNull("parents[" + i + "]", parents[i]);
            }
            this.parents = parents.clone();
            return this;
        }

        public DurableTask build() {
            Validate.range("priority", priority, TaskSpec.MIN_PRIORITY, TaskSpec.MAX_PRIORITY);
            return new DurableTask(this);
        }
    }
}
