package io.htcengine.internal.exec;

import io.htcengine.internal.task.Task;
import io.htcengine.spi.Execution;
import io.htcengine.spi.NodeExecutor;

import java.lang.invoke.VarHandle;

/**
 * A node's local worker threads. Each worker has its own single-producer single-consumer queue of dispatched
 * tasks, at most {@code tasksInFlightPerWorker} deep (the task it runs and those waiting behind it), so a short
 * task costs the worker no round trip to the scheduler before the next one. {@link #execute} gives a task to the
 * least-loaded worker; {@link #flush()}, once per dispatch batch, wakes the workers that were given work while
 * parked — one fence per batch, no park/unpark per task.
 *
 * <p>Threading: {@link #execute}, {@link #flush} and {@link #close} on the scheduler thread only.
 */
public final class LocalWorkerPool implements NodeExecutor {
    private final Worker[] workers;
    private final int tasksInFlightPerWorker;
    private final boolean[] fed; // loop only: workers given a task since the last flush
    private int cursor;          // loop only

    public LocalWorkerPool(String threadNamePrefix, int threads, int tasksInFlightPerWorker) {
        this.workers = new Worker[threads];
        this.fed = new boolean[threads];
        this.tasksInFlightPerWorker = tasksInFlightPerWorker;
        // Spinning while idle pays only with a core to spare: these workers, the scheduler and the listener thread,
        // and one more for the threads that submit.
        boolean spinWhenIdle = Runtime.getRuntime().availableProcessors() > threads + 3;
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(threadNamePrefix + "-" + i, tasksInFlightPerWorker, spinWhenIdle);
        }
    }

    @Override
    public void start(String nodeName) {
        for (Worker w : workers) {
            w.start();
        }
    }

    /** Hands the task to an idle worker if there is one, else to the one with the fewest tasks waiting. */
    @Override
    public void execute(Execution execution) {
        Task task = (Task) execution;
        int n = workers.length;
        int best = -1;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int w = cursor;
            cursor = cursor + 1 == n ? 0 : cursor + 1;
            int load = workers[w].load();
            if (load < bestLoad) {
                best = w;
                bestLoad = load;
                if (load == 0) {
                    break;
                }
            }
        }
        if (bestLoad >= tasksInFlightPerWorker || !workers[best].offer(task)) {
            throw new IllegalStateException("node has a free slot but every worker holds " + bestLoad + " tasks");
        }
        fed[best] = true;
    }

    @Override
    public void flush() {
        VarHandle.fullFence(); // our offers before their "parked" flags: pairs with the fence in Worker.idle
        for (int i = 0; i < workers.length; i++) {
            if (fed[i]) {
                fed[i] = false;
                workers[i].wakeIfParked();
            }
        }
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.stop();
        }
    }

    /** Waits up to {@code timeoutMs} for every worker thread to end. Not on the scheduler thread. */
    public boolean join(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (Worker w : workers) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || !w.join(left)) {
                return false;
            }
        }
        return true;
    }
}
