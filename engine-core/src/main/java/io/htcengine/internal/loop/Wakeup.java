package io.htcengine.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets producers wake a thread that may be parked in its idle strategy, without a lock and without a
 * park/unpark per message: the owner raises {@code sleeping} before it idles and re-checks its inputs;
 * a producer reads {@code sleeping} after it offers and unparks only then. Both sides use volatile accesses,
 * so at least one of them sees the other (the Dekker pattern). The first producer to see the flag lowers it with
 * a compare-and-set, so one sleep costs at most one unpark however many producers offer meanwhile.
 *
 * <p>Threading: {@link #bind}, {@link #prepareToSleep} and {@link #awake} by the owner thread; {@link #wake} by any.
 */
public final class Wakeup {
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(Wakeup.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean sleeping;
    private volatile Thread owner;
    /** Set before the owner starts: its idle strategy raises the flag just before parking, so cycles need not. */
    private boolean announcedByIdleStrategy;

    /** Records the calling thread as the one to unpark. */
    public void bind() {
        owner = Thread.currentThread();
    }

    public Thread owner() {
        return owner;
    }

    /** Any thread, after offering work: unparks the owner if it announced it may sleep. */
    public void wake() {
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            Thread t = owner;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Owner, when a cycle did no work.
     *
     * @param inputsEmpty whether all inputs are empty, read after announcing the sleep
     * @return true when the owner may idle; false when work arrived meanwhile
     */
    public boolean prepareToSleep(java.util.function.BooleanSupplier inputsEmpty) {
        sleeping = true;
        if (!inputsEmpty.getAsBoolean()) {
            sleeping = false;
            return false;
        }
        return true;
    }

    /** Before the owner starts: a {@link WakeupIdleStrategy} announces sleeps, so {@link #idleCycle} need not. */
    void announcedByIdleStrategy() {
        announcedByIdleStrategy = true;
    }

    /**
     * Owner, at the end of a cycle that did no work.
     *
     * @return false when work arrived meanwhile (the caller reports work, so its idle strategy does not idle); true
     * when the owner may idle — announced here unless its idle strategy announces just before it parks
     */
    public boolean idleCycle(java.util.function.BooleanSupplier inputsEmpty) {
        return announcedByIdleStrategy || prepareToSleep(inputsEmpty);
    }

    /** @return whether the owner has announced it may sleep and no producer has lowered the flag since. */
    boolean isSleeping() {
        return sleeping;
    }

    /** Owner, at the start of a cycle. */
    public void awake() {
        if (sleeping) {
            sleeping = false;
        }
    }
}
