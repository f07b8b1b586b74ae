package io.htcengine.internal.exec;

import io.htcengine.internal.task.Task;

import java.util.concurrent.locks.LockSupport;

/**
 * One local worker thread. The scheduler hands it one task at a time through a single volatile slot; when idle
 * it spins, then yields, then parks, and is unparked by the hand-off only if it announced it was parking
 * (volatile flag on both sides, so no wake-up is lost and no task costs a park/unpark while the worker is busy).
 */
final class Worker implements Runnable {
    private static final int SPINS = 200;
    private static final int YIELDS = 20;

    private final Thread thread;
    private final LocalWorkerPool pool;
    private volatile Task next;
    private volatile boolean parked;
    private volatile boolean stopped;

    Worker(String name, LocalWorkerPool pool) {
        this.pool = pool;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Scheduler thread: gives the worker its next task. The worker is idle, so the slot is empty. */
    void handOff(Task task) {
        next = task;
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
            Task task = next;
            if (task == null) {
                if (stopped) {
                    return;
                }
                idle = idle(idle);
                continue;
            }
            idle = 0;
            next = null;
            task.execute();
            pool.returnIdle(this);
            task.publishOutcome();
        }
    }

    private int idle(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else if (idle < SPINS + YIELDS) {
            Thread.yield();
        } else {
            parked = true;
            if (next == null && !stopped) {
                LockSupport.park(this);
            }
            parked = false;
            Thread.interrupted(); // a cancel's interrupt may land after the task ended; it is not for the next one
        }
        return idle + 1;
    }
}
