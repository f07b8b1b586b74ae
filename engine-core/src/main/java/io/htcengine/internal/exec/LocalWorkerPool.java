package io.htcengine.internal.exec;

import io.htcengine.internal.task.Task;
import io.htcengine.spi.Execution;
import io.htcengine.spi.NodeExecutor;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * A node's local worker threads. The scheduler hands each execution to an idle worker; a worker returns itself
 * to the idle queue <em>before</em> it reports the completion, so when the loop sees a free slot there is always an
 * idle worker to take the next task.
 *
 * <p>Threading: {@link #execute} and {@link #close} on the scheduler thread; workers offer themselves back
 * from their own threads (multi-producer, single-consumer).
 */
public final class LocalWorkerPool implements NodeExecutor {
    private final Worker[] workers;
    private final MpscAtomicArrayQueue<Worker> idle;

    public LocalWorkerPool(String threadNamePrefix, int threads) {
        this.workers = new Worker[threads];
        this.idle = new MpscAtomicArrayQueue<>(Math.max(2, threads));
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(threadNamePrefix + "-" + i, this);
            idle.offer(workers[i]);
        }
    }

    @Override
    public void start(String nodeName) {
        for (Worker w : workers) {
            w.start();
        }
    }

    @Override
    public void execute(Execution execution) {
        Worker worker = idle.relaxedPoll();
        if (worker == null) {
            worker = idle.poll(); // an offer in progress: wait for it to land
        }
        if (worker == null) {
            throw new IllegalStateException("no idle worker although the node has a free slot");
        }
        worker.handOff((Task) execution);
    }

    void returnIdle(Worker worker) {
        while (!idle.offer(worker)) {
            Thread.onSpinWait();
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
