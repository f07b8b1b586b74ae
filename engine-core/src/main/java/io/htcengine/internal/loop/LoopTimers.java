package io.htcengine.internal.loop;

import io.htcengine.internal.session.SessionImpl;
import io.htcengine.internal.task.Task;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * The loop's timers — a task's timeout while it runs, its retry backoff while in RETRY, a session's timeout — on one
 * Agrona {@link DeadlineTimerWheel}, each timer's id kept on its target ({@code Task.timerId}, {@code
 * SessionImpl.timerId}; -1 when none) so that cancelling is O(1).
 *
 * <p>Threading: scheduler loop only.
 */
final class LoopTimers {
    private static final long TICK_NS = 1L << 20; // ~1.05 ms
    private static final int TICKS_PER_WHEEL = 512;
    private static final int BATCH = 4096;

    /** What the loop does when a timer is due. */
    interface Expiry {
        void taskDue(Task task);

        void sessionDue(SessionImpl session);
    }

    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<Object> targets = new Long2ObjectHashMap<>();
    private final Expiry expiry;
    private final DeadlineTimerWheel.TimerHandler onTimer = this::onExpiry;

    LoopTimers(long nowNs, Expiry expiry) {
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, nowNs, TICK_NS, TICKS_PER_WHEEL);
        this.expiry = expiry;
    }

    /** @return whether no timer is scheduled */
    boolean isEmpty() {
        return wheel.timerCount() == 0;
    }

    /** Schedules the task's one timer (its timeout or its retry) for {@code deadlineNs}. */
    void schedule(Task t, long deadlineNs) {
        t.timerId = wheel.scheduleTimer(deadlineNs);
        targets.put(t.timerId, t);
    }

    /** Cancels the task's timer, if it has one. */
    void cancel(Task t) {
        if (t.timerId != -1) {
            wheel.cancelTimer(t.timerId);
            targets.remove(t.timerId);
            t.timerId = -1;
        }
    }

    void schedule(SessionImpl s, long deadlineNs) {
        s.timerId = wheel.scheduleTimer(deadlineNs);
        targets.put(s.timerId, s);
    }

    void cancel(SessionImpl s) {
        if (s.timerId != -1) {
            wheel.cancelTimer(s.timerId);
            targets.remove(s.timerId);
            s.timerId = -1;
        }
    }

    /**
     * Fires the timers due by {@code nowNs}, at most a batch per call. A clock that jumped more than a whole turn of
     * the wheel ahead (virtual time) is caught up with one full turn, then the wheel is wound forward.
     *
     * @return the timers fired
     */
    int fireDue(long nowNs) {
        if (wheel.timerCount() == 0) {
            wheel.currentTickTime(nowNs);
            return 0;
        }
        int fired = 0;
        if (nowNs - wheel.currentTickTime() > TICK_NS * TICKS_PER_WHEEL) {
            for (int i = 0; i < TICKS_PER_WHEEL; i++) {
                fired += wheel.poll(nowNs, onTimer, Integer.MAX_VALUE);
            }
            wheel.currentTickTime(nowNs);
        }
        for (int i = 0; i < TICKS_PER_WHEEL && fired < BATCH; i++) {
            boolean caughtUp = wheel.currentTickTime() > nowNs;
            fired += wheel.poll(nowNs, onTimer, BATCH - fired);
            if (caughtUp) {
                break;
            }
        }
        return fired;
    }

    private boolean onExpiry(TimeUnit unit, long now, long timerId) {
        Object target = targets.remove(timerId);
        if (target instanceof Task) {
            Task t = (Task) target;
            t.timerId = -1;
            expiry.taskDue(t);
        } else if (target instanceof SessionImpl) {
            SessionImpl s = (SessionImpl) target;
            s.timerId = -1;
            expiry.sessionDue(s);
        }
        return true;
    }
}
