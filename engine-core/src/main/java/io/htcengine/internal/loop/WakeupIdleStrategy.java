package io.htcengine.internal.loop;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The idle strategy of the engine's own threads (scheduler and listener) when the host sets none: spin, then yield,
 * then park for a period that doubles from {@code minParkNs} to {@code maxParkNs} — and tell producers through the
 * thread's {@link Wakeup} that it may sleep only just before it parks.
 *
 * <p>Why not announce on every idle cycle: while the flag is up, every producer's offer pays a compare-and-set and
 * an {@code unpark} (a system call), although a thread that merely spins or yields needs no waking. Announcing only
 * before a park keeps those for real sleeps; the re-check of the inputs after raising the flag (the Dekker pattern of
 * {@link Wakeup}) still guarantees no offer is missed.
 *
 * <p>Threading: the owner thread of the wakeup only.
 */
public final class WakeupIdleStrategy implements IdleStrategy {
    /**
     * The longest park of a thread that nothing on a clock needs: every input it waits for wakes it, so it need not
     * look a thousand times a second (an idle engine's loop and listener thread took ~5 % of a core doing so).
     */
    public static final long UNTIMED_PARK_NS = 50_000_000L;

    private final Wakeup wakeup;
    private final BooleanSupplier inputsEmpty;
    private final int maxSpins;
    private final int maxYields;
    private final long minParkNs;
    private final java.util.function.LongSupplier maxParkNs;
    private int spins;
    private int yields;
    private long parkNs;

    /**
     * Binds the strategy to {@code wakeup}, which from now on leaves the announcement to it (see
     * {@link Wakeup#idleCycle}).
     */
    public WakeupIdleStrategy(Wakeup wakeup, BooleanSupplier inputsEmpty, int maxSpins, int maxYields, long minParkNs,
                              long maxParkNs) {
        this(wakeup, inputsEmpty, maxSpins, maxYields, minParkNs, () -> maxParkNs);
    }

    /**
     * As above, with a longest park the owner decides at each park: e.g. short while something is due on a clock that
     * nothing will wake it for, long otherwise.
     */
    public WakeupIdleStrategy(Wakeup wakeup, BooleanSupplier inputsEmpty, int maxSpins, int maxYields, long minParkNs,
                              java.util.function.LongSupplier maxParkNs) {
        this.wakeup = wakeup;
        this.inputsEmpty = inputsEmpty;
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.parkNs = minParkNs;
        wakeup.announcedByIdleStrategy();
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else if (wakeup.prepareToSleep(inputsEmpty)) {
            long max = maxParkNs.getAsLong();
            parkNs = Math.min(parkNs, max);
            LockSupport.parkNanos(parkNs); // an offer after the flag went up unparks us; the next cycle lowers it
            parkNs = Math.min(parkNs << 1, max);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNs = minParkNs;
    }

    @Override
    public String alias() {
        return "wakeup";
    }
}
