package io.htcengine.sqlite;

import io.htcengine.api.TaskState;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which jobs {@link JobHistory#list(JobQuery)} returns, newest first: filters (all optional, combined with AND), a
 * page size, and where the page starts. Immutable; every setter returns a new query, validated at once:
 * <pre>{@code
 * JobPage page = history.list(JobQuery.all().states(TaskState.FAILED).tenant("risk").limit(50));
 * JobPage next = history.list(query.after(page.nextCursor().getAsLong()));
 * }</pre>
 */
public final class JobQuery {
    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;
    private static final JobQuery ALL = new JobQuery(EnumSet.noneOf(TaskState.class), null, 0, Long.MIN_VALUE,
        Long.MAX_VALUE, 100, Long.MAX_VALUE);

    private final EnumSet<TaskState> states;
    private final String tenant;
    private final long sessionId;
    private final long fromMs;
    private final long toMs;
    private final int limit;
    private final long beforeJobId;

    private JobQuery(EnumSet<TaskState> states, String tenant, long sessionId, long fromMs, long toMs, int limit,
                     long beforeJobId) {
        this.states = states;
        this.tenant = tenant;
        this.sessionId = sessionId;
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.limit = limit;
        this.beforeJobId = beforeJobId;
    }

    /** @return every job, 100 per page. */
    public static JobQuery all() {
        return ALL;
    }

    /** @param states jobs in any of these states; at least one. */
    public JobQuery states(TaskState... states) {
        if (states == null || states.length == 0) {
            throw new IllegalArgumentException("states needs at least one of " + java.util.Arrays.toString(TaskState.values()));
        }
        EnumSet<TaskState> set = EnumSet.noneOf(TaskState.class);
        for (TaskState s : states) {
            if (s == null) {
                throw new IllegalArgumentException("states must be among " + java.util.Arrays.toString(TaskState.values())
                    + ", not null");
            }
            set.add(s);
        }
        return new JobQuery(set, tenant, sessionId, fromMs, toMs, limit, beforeJobId);
    }

    /** @param tenant jobs of this tenant (user or team); non-blank. */
    public JobQuery tenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must be a non-blank string, was "
                + (tenant == null ? "null" : "'" + tenant + "'"));
        }
        return new JobQuery(states, tenant, sessionId, fromMs, toMs, limit, beforeJobId);
    }

    /** @param sessionId jobs of this durable session; positive. */
    public JobQuery session(long sessionId) {
        if (sessionId <= 0) {
            throw new IllegalArgumentException("sessionId must be positive, was " + sessionId);
        }
        return new JobQuery(states, tenant, sessionId, fromMs, toMs, limit, beforeJobId);
    }

    /**
     * Jobs submitted in {@code [from, to)}. Submission times are stored as whole epoch milliseconds, so the range is
     * rounded outwards to them: {@code from} down, {@code to} up — a range within one millisecond finds the jobs of
     * that millisecond (it is never silently empty). Instants beyond what epoch milliseconds hold (about ±292 million
     * years; {@link Instant#MIN} and {@link Instant#MAX}, say) are clamped to that range.
     *
     * @param from jobs submitted at or after this instant
     * @param to   and before this one; after {@code from}
     */
    public JobQuery submittedBetween(Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("submittedBetween needs from before to, both non-null, was " + from
                + " .. " + to);
        }
        return new JobQuery(states, tenant, sessionId, floorMs(from), ceilMs(to), limit, beforeJobId);
    }

    private static long floorMs(Instant t) {
        try {
            return t.toEpochMilli(); // rounds down, also before the epoch
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long ceilMs(Instant t) {
        long ms = floorMs(t);
        return t.getNano() % 1_000_000 != 0 && ms != Long.MAX_VALUE ? ms + 1 : ms;
    }

    /** @param limit jobs per page, 1 to {@value #MAX_LIMIT}; default 100. */
    public JobQuery limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return new JobQuery(states, tenant, sessionId, fromMs, toMs, limit, beforeJobId);
    }

    /** @param cursor a previous page's {@link JobPage#nextCursor()}: the page after it. */
    public JobQuery after(long cursor) {
        if (cursor <= 0) {
            throw new IllegalArgumentException("cursor must be a positive job id from JobPage.nextCursor(), was " + cursor);
        }
        return new JobQuery(states, tenant, sessionId, fromMs, toMs, limit, cursor);
    }

    Set<TaskState> stateFilter() {
        return states;
    }

    String tenant() {
        return tenant;
    }

    long sessionId() {
        return sessionId;
    }

    long fromMs() {
        return fromMs;
    }

    long toMs() {
        return toMs;
    }

    int limit() {
        return limit;
    }

    long beforeJobId() {
        return beforeJobId;
    }
}
