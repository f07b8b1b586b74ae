package io.htcengine.internal.exec;

import io.htcengine.internal.task.Task;
import org.jctools.queues.atomic.SpscAtomicArrayQueue;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One local worker thread and its queue of dispatched tasks (the scheduler offers, the worker polls). When its
 * queue is empty it spins, then yields, then parks — after raising {@code parked} and looking at the queue once
 * more; the scheduler, after its batch of offers and a full fence, unparks it only if the flag is up. So no
 * wake-up is lost and a busy worker costs no park/unpark. A worker spins and yields only when the machine has a core
 * to spare for it ({@code spinWhenIdle}); otherwise its spinning would take the core the scheduler, the producers
 * or the other workers need, and it parks at once (measured in docs/performance.md: +35 % on 2 cores).
 */
final class Worker implements Runnable {
    private static final int SPINS = 100;
    private static final int YIELDS = 10;

    private final Thread thread;
    private final SpscAtomicArrayQueue<Task> queue;
    private static final VarHandle FINISHED;

    static {
        try {
            FINISHED = java.lang.invoke.MethodHandles.lookup().findVarHandle(Worker.class, "finished", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean parked;
    private volatile boolean stopped;
    /** Tasks given to this worker: written and read by the scheduler thread only. */
    private long given;
    /**
     * Tasks this worker finished: written by the worker with release stores (no fence per task: the report that
     * follows publishes it), read by the scheduler with volatile reads.
     */
    private volatile long finished;

    /** Idle rounds before it parks: spins then yields, or none. */
    private final int spins;
    private final int yields;

    Worker(String name, int depth, boolean spinWhenIdle) {
        this.spins = spinWhenIdle ? SPINS : 0;
        this.yields = spinWhenIdle ? YIELDS : 0;
        // Twice the most it holds: an offer then never finds the slot it looks ahead to still taken and stays on the
        // fast path. Kept nearly full, the queue made every offer read the slot the worker had just emptied: a cache
        // miss per task (7.7 % of the scheduler thread's samples in S1).
        this.queue = new SpscAtomicArrayQueue<>(2 * Math.max(4, depth));
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Scheduler thread: tasks given and not yet finished, including the one running. */
    int load() {
        return (int) (given - finished);
    }

    /** Scheduler thread. */
    boolean offer(Task task) {
        if (!queue.offer(task)) {
            return false;
        }
        given = given + 1;
        return true;
    }

    /** Scheduler thread, after a full fence that follows its offers. */
    void wakeIfParked() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    boolean join(long timeoutMs) throws InterruptedException {
        thread.join(timeoutMs);
        return !thread.isAlive();
    }

    @Override
    public void run() {
        int idle = 0;
        while (true) {
            Task task = queue.relaxedPoll();
            if (task == null) {
                if (stopped && queue.isEmpty()) {
                    return;
                }
                idle = idle(idle);
                continue;
            }
            idle = 0;
            int attempt = task.attempts();
            Object result = null;
            Throwable failure = null;
            try {
                result = task.invoke(attempt);
            } catch (Throwable t) {
                failure = t;
            }
            // Before the report, so the scheduler never sees a free slot but a full worker.
            FINISHED.setRelease(this, finished + 1);
            task.report(attempt, result, failure);
        }
    }

    private int idle(int idle) {
        if (idle < spins) {
            Thread.onSpinWait();
        } else if (idle < spins + yields) {
            Thread.yield();
        } else {
            parked = true;
            VarHandle.fullFence(); // our flag before our look at the queue: pairs with the fence in flush()
            if (queue.isEmpty() && !stopped) {
                LockSupport.park(this);
            }
            parked = false;
        }
        return idle + 1;
    }
}
