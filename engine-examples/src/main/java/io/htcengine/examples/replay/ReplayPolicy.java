package io.htcengine.examples.replay;

import io.htcengine.spi.SchedulingPolicy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The scheduling policies a trace can be replayed under, by their command-line names, and how each is set up for a
 * trace. SWF has no priorities, so every job gets priority {@link #PRIORITY}; priority-aging then raises a job's
 * priority by one for every {@link #AGING_STEP} it waits. Fair share treats each user (field 12) as a tenant, all of
 * equal weight.
 */
public enum ReplayPolicy {
    FCFS("fcfs") {
        @Override
        public SchedulingPolicy create() {
            return SchedulingPolicy.fcfs();
        }
    },
    EASY("easy") {
        @Override
        public SchedulingPolicy create() {
            return SchedulingPolicy.easyBackfill();
        }
    },
    PRIORITY_AGING("priority-aging") {
        @Override
        public SchedulingPolicy create() {
            return SchedulingPolicy.priorityAging(AGING_STEP);
        }
    },
    FAIR_SHARE("fair-share") {
        @Override
        public SchedulingPolicy create() {
            return SchedulingPolicy.fairShare(Map.of());
        }
    },
    /** The engine's default; with every job at one priority it is FIFO where a job that does not fit is passed. */
    STRICT_PRIORITY("strict-priority") {
        @Override
        public SchedulingPolicy create() {
            return SchedulingPolicy.strictPriority();
        }
    };

    /** The priority of every replayed job: the middle of 1-10, as SWF records none. */
    public static final int PRIORITY = 5;
    /** Priority-aging's step: +1 priority per hour waited, so a job reaches 10 after five hours. */
    public static final Duration AGING_STEP = Duration.ofHours(1);

    private final String label;

    ReplayPolicy(String label) {
        this.label = label;
    }

    /** @return a new instance of the policy (a policy instance serves one engine). */
    public abstract SchedulingPolicy create();

    /** @return its command-line name. */
    public String label() {
        return label;
    }

    /** @return the policy named {@code label}, or null. */
    public static ReplayPolicy byLabel(String label) {
        return Arrays.stream(values()).filter(p -> p.label.equals(label)).findFirst().orElse(null);
    }

    /** @return the names, as a "|"-separated list for help texts. */
    public static String labels() {
        return Arrays.stream(values()).map(ReplayPolicy::label).collect(Collectors.joining("|"));
    }
}
