package io.htcengine.internal.event;

import io.htcengine.internal.loop.Wakeup;
import io.htcengine.spi.TaskListener;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The listener side of the {@link EventRing}: calls the task listeners and completes task and session futures,
 * so no host code ever runs on the scheduler thread. Completes {@link #terminated()} after the last event.
 *
 * <p>Threading: one thread at a time drives {@link #doWork()} (the engine's listener thread, or the invoker).
 */
public final class Notifier implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final int BATCH = 4096;

    private final EventRing ring;
    private final TaskListener[] listeners;
    private final int[] interests; // per listener: bit s set when it wants transitions to state ordinal s
    private final Wakeup wakeup = new Wakeup();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final boolean stopWhenTerminated;
    private final java.util.Queue<io.htcengine.spi.UsageSample> usage;
    private final java.util.function.BooleanSupplier inputsEmpty;

    /** @param stopWhenTerminated whether {@code doWork} ends its agent runner after the last event (own thread). */
    public Notifier(EventRing ring, java.util.Queue<io.htcengine.spi.UsageSample> usage, TaskListener[] listeners,
                    boolean stopWhenTerminated) {
        this.ring = ring;
        this.usage = usage;
        this.inputsEmpty = () -> ring.isEmpty() && usage.isEmpty();
        this.listeners = listeners;
        this.interests = new int[listeners.length];
        for (int i = 0; i < listeners.length; i++) {
            interests[i] = mask(listeners[i]);
        }
        this.stopWhenTerminated = stopWhenTerminated;
    }

    /** @return bit s set when the listener wants transitions to the state of ordinal s. */
    public static int mask(TaskListener listener) {
        int mask = 0;
        for (io.htcengine.api.TaskState s : listener.interests()) {
            mask |= 1 << s.ordinal();
        }
        return mask;
    }

    public Wakeup wakeup() {
        return wakeup;
    }

    /** Completes once the engine has terminated and every event before that was delivered. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void onStart() {
        wakeup.bind();
    }

    @Override
    public int doWork() {
        if (terminated.isDone()) {
            if (stopWhenTerminated) {
                throw new AgentTerminationException();
            }
            return 0;
        }
        wakeup.awake();
        int n = 0;
        for (EventSlot slot; n < BATCH && (slot = ring.poll()) != null; n++) {
            deliver(slot);
            ring.release();
        }
        if (n < BATCH && ring.isEmpty()) {
            n += deliverUsage(); // after the transitions: a task's RUNNING event is seen before its samples
        }
        if (n == 0 && !wakeup.idleCycle(inputsEmpty)) {
            return 1;
        }
        return n;
    }

    private int deliverUsage() {
        int n = 0;
        for (io.htcengine.spi.UsageSample sample; n < BATCH && (sample = usage.poll()) != null; n++) {
            for (TaskListener l : listeners) {
                try {
                    l.onUsage(sample);
                } catch (RuntimeException | Error e) { // an Error too: a listener's bug must not stop the events
                    LOG.warn("task listener {} threw on {}", l, sample, e);
                }
            }
        }
        return n;
    }

    private void deliver(EventSlot slot) {
        switch (slot.kind) {
            case TRANSITION:
                int bit = 1 << slot.to.ordinal();
                for (int i = 0; i < listeners.length; i++) {
                    if ((interests[i] & bit) == 0) {
                        continue;
                    }
                    try {
                        listeners[i].onTransition(slot);
                    } catch (RuntimeException | Error e) { // an Error too: a listener's bug must not stop the events
                        LOG.warn("task listener {} threw on {}", listeners[i], slot, e);
                    }
                }
                if (slot.completeFuture) {
                    slot.task.completeFuture();
                }
                break;
            case SESSION_DONE:
                for (TaskListener l : listeners) {
                    try {
                        l.onSessionDone(slot.summary);
                    } catch (RuntimeException | Error e) { // an Error too: a listener's bug must not stop the events
                        LOG.warn("task listener {} threw on {}", l, slot.summary, e);
                    }
                }
                slot.session.future().complete(slot.summary);
                break;
            case ANSWER:
                if (slot.answerError != null) {
                    slot.question.completeExceptionally(slot.answerError);
                } else {
                    slot.question.complete(slot.answer);
                }
                break;
            case TERMINATED:
                terminated.complete(null);
                break;
            default:
                throw new IllegalStateException("unknown event kind " + slot.kind);
        }
    }

    /**
     * The listener thread's idle strategy: see {@link io.htcengine.internal.loop.WakeupIdleStrategy}. Its parks grow to
     * {@code UNTIMED_PARK_NS}: everything it waits for wakes it (the loop after it publishes events,
     * {@code reportUsage} after it queues a sample), and it has nothing to look at on a clock.
     */
    public org.agrona.concurrent.IdleStrategy idleStrategy() {
        return new io.htcengine.internal.loop.WakeupIdleStrategy(wakeup, inputsEmpty, 10, 20, 1_000,
            io.htcengine.internal.loop.WakeupIdleStrategy.UNTIMED_PARK_NS);
    }

    @Override
    public String roleName() {
        return "htc-listener";
    }
}
