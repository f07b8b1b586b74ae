package io.htcengine.jmh;

import org.jctools.queues.atomic.MpscAtomicArrayQueue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a JMH benchmark, and not the engine: a diagnostic that runs the S1 workload through the engine's thread
 * structure with nothing but the hand-offs, to tell what that structure can do on a machine before the engine's own
 * bookkeeping. One producer offers batches of {@value PriorityThroughputBenchmark#TASKS} jobs with the S1 priorities
 * into ten MPSC lanes; one scheduler thread moves them, highest lane first, into per-worker SPSC queues (at most
 * {@code depth} each, the least-loaded worker first), writing two fields of each job, and counts them back from one
 * MPSC completion queue; two workers run a no-op, write one field and report. An idle worker parks after raising a
 * flag; the scheduler, after a full fence, unparks the ones it fed that raised it.
 *
 * <p>Arguments: {@code [batches=45] [jobBytes=24|64|144] [wake=batch|task] [depth=256] [touch=first|spread]
 * [laneCapacity=65536]} (and {@code -Dfloor.priorities=N}: priorities drawn from 1 to N, default 10) —
 * {@code jobBytes} pads the job object (144 is the size of the engine's {@code Task}); {@code wake=task} fences and
 * checks a worker's flag after every job instead of once per dispatch round; {@code touch=spread} (144-byte jobs only)
 * has each side also touch fields on every cache line of the job, as the engine does with a {@code Task}: the
 * scheduler when it dispatches a job and when it counts it back, the worker when it runs it (see
 * {@link Job144#dispatchTouch}). Prints tasks/s over the last two thirds of the batches, the best batch,
 * CPU time per task of each thread and worker parks per task. docs/performance.md has the figures.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.htcengine.jmh.HandOffFloor 45 144 batch
 * </pre>
 */
public final class HandOffFloor {
    private static final int LANES = 10;

    /** A job, 24 bytes with compressed references. */
    static class Job {
        final int priority;
        int worker;          // written by the scheduler
        volatile int state;  // written by the scheduler (1) and the worker (2)

        Job(int priority) {
            this.priority = priority;
        }
    }

    /** A job of 64 bytes. */
    static final class Job64 extends Job {
        @SuppressWarnings("unused")
        long p1, p2, p3, p4, p5;

        Job64(int priority) {
            super(priority);
        }
    }

    /** A job of 144 bytes, as large as the engine's Task. */
    static final class Job144 extends Job {
        // At offsets 24, 32, ... 136: a job at any offset in a line spans three lines, and these reach all of them.
        long p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;

        Job144(int priority) {
            super(priority);
        }

        /** The scheduler, at dispatch: reads one line's field, writes two more lines' (the engine's admission). */
        void dispatchTouch() {
            p8 = p5 + 1;
            p14 = p2;
        }

        /** The worker: reads and writes fields across the lines (the engine's run phase, runner and outcome). */
        void workerTouch() {
            p6 = p9 + 1;
            p13 = p6;
            p3 = 7;
        }

        /** The scheduler, counting it back: reads what the worker wrote, writes across the lines (completion). */
        void completeTouch() {
            p7 = p13 + p3;
            p15 = p7;
            p12 = 1;
        }
    }

    private final MpscAtomicArrayQueue<Job>[] lanes;
    private final FloorWorkers<Job> workers;
    private final boolean wakePerTask;
    private final boolean spread;
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;
    private volatile boolean stopped;
    private long total; // the submitting thread's: jobs submitted so far
    private Thread scheduler;

    @SuppressWarnings("unchecked")
    private HandOffFloor(int workerCount, int depth, boolean wakePerTask, boolean spread, int laneCapacity) {
        this.wakePerTask = wakePerTask;
        this.spread = spread;
        lanes = new MpscAtomicArrayQueue[LANES + 1];
        for (int p = 1; p <= LANES; p++) {
            lanes[p] = new MpscAtomicArrayQueue<>(laneCapacity);
        }
        workers = new FloorWorkers<>(workerCount, depth, job -> {
            if (spread) {
                ((Job144) job).workerTouch();
            }
            job.state = 2;
        });
    }

    /**
     * Starts a floor of {@code workerCount} workers that wakes them once per dispatch round, for jobs of 144 bytes
     * touched per {@code spread}, with lanes of {@code laneCapacity} (a full lane makes the producer yield).
     */
    static HandOffFloor started(int workerCount, int depth, boolean spread, int laneCapacity) {
        HandOffFloor floor = new HandOffFloor(workerCount, depth, false, spread, laneCapacity);
        floor.start();
        return floor;
    }

    private void start() {
        scheduler = new Thread(this::runScheduler, "floor-scheduler");
        scheduler.setDaemon(true);
        workers.start("floor-worker-", scheduler);
        scheduler.start();
    }

    /** Stops the scheduler and the workers. */
    void stop() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(scheduler);
        scheduler.join(10_000);
        workers.stop();
    }

    /**
     * The submitting thread: offers one job of {@code jobBytes} per entry of {@code priorities} (1-10), in order, and
     * returns when the scheduler has counted all of them back (or throws after 60 s).
     */
    void runBatch(int[] priorities, int jobBytes) {
        waiter = Thread.currentThread();
        total += priorities.length;
        target = total;
        for (int p : priorities) {
            submit(jobBytes >= 144 ? new Job144(p) : jobBytes >= 64 ? new Job64(p) : new Job(p));
        }
        long deadline = System.nanoTime() + 60_000_000_000L; // a floor that stopped must not hang a build's smoke run
        while (target != Long.MAX_VALUE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the floor did not count its jobs back within 60 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private void submit(Job job) {
        while (!lanes[job.priority].offer(job)) {
            Thread.yield();
        }
        workers.wakeScheduler();
    }

    private void runScheduler() {
        long done = 0;
        int idle = 0;
        while (!stopped) {
            int work = 0;
            for (Job job; (job = workers.completions.relaxedPoll()) != null; work++) {
                workers.slots[job.worker].held--;
                if (spread) {
                    ((Job144) job).completeTouch();
                }
                done++;
            }
            boolean fed = false;
            dispatch:
            for (int p = LANES; p >= 1; p--) {
                for (Job job; ; work++) {
                    int w = workers.leastLoaded();
                    if (w < 0) {
                        break dispatch;
                    }
                    if ((job = lanes[p].relaxedPoll()) == null) {
                        break;
                    }
                    if (spread) {
                        ((Job144) job).dispatchTouch();
                    }
                    job.state = 1;
                    job.worker = w;
                    workers.give(w, job);
                    fed = true;
                    if (wakePerTask) {
                        workers.wakeParked(w);
                    }
                }
            }
            if (fed && !wakePerTask) {
                workers.wakeParked();
            }
            if (done >= target) {
                target = Long.MAX_VALUE;
                LockSupport.unpark(waiter);
            }
            idle = work > 0 ? 0 : workers.idle(idle, this::lanesEmpty);
        }
    }

    private boolean lanesEmpty() {
        for (int p = 1; p <= LANES; p++) {
            if (!lanes[p].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 45;
        int jobBytes = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        boolean wakePerTask = args.length > 2 && args[2].equals("task");
        int depth = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        boolean spread = args.length > 4 && args[4].equals("spread");
        int laneCapacity = args.length > 5 ? Integer.parseInt(args[5]) : 1 << 16;
        if (spread && jobBytes < 144) {
            throw new IllegalArgumentException("touch=spread needs jobBytes 144, was " + jobBytes);
        }
        int tasks = PriorityThroughputBenchmark.TASKS;
        int distinct = Integer.getInteger("floor.priorities", LANES);
        if (distinct < 1 || distinct > LANES) {
            throw new IllegalArgumentException("floor.priorities must be between 1 and " + LANES + ", was " + distinct);
        }
        int[] priorities = new int[tasks];
        SplittableRandom random = new SplittableRandom(0x5EED_2025L);
        for (int i = 0; i < tasks; i++) {
            priorities[i] = random.nextInt(1, distinct + 1);
        }
        HandOffFloor floor = new HandOffFloor(2, depth, wakePerTask, spread, laneCapacity);
        floor.start();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpuBefore = null;
        long start = 0;
        long best = Long.MAX_VALUE;
        for (int b = 0; b < batches; b++) {
            if (b == batches / 3) {
                cpuBefore = cpu(mx, floor);
                start = System.nanoTime();
                floor.workers.parks.reset();
            }
            long batchStart = System.nanoTime();
            floor.runBatch(priorities, jobBytes);
            if (b >= batches / 3) {
                best = Math.min(best, System.nanoTime() - batchStart);
            }
        }
        long wall = System.nanoTime() - start;
        long[] cpuAfter = cpu(mx, floor);
        double n = (double) (batches - batches / 3) * tasks;
        System.out.printf("jobs of %d bytes, wake per %s, touch %s: tasks/s %.0f, best batch %.0f, worker parks per task "
            + "%.4f%n", jobBytes, wakePerTask ? "task" : "batch", spread ? "spread" : "first", n * 1e9 / wall, tasks * 1e9 / best, floor.workers.parks.sum() / n);
        String[] names = {"producer", "scheduler", "worker-0", "worker-1"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf("  %-10s %6.1f ns CPU/task%n", names[i], (cpuAfter[i] - cpuBefore[i]) / n);
        }
        System.exit(0);
    }

    private static long[] cpu(ThreadMXBean mx, HandOffFloor floor) {
        return new long[] {mx.getCurrentThreadCpuTime(), mx.getThreadCpuTime(floor.scheduler.getId()),
            mx.getThreadCpuTime(floor.workers.slots[0].thread.getId()),
            mx.getThreadCpuTime(floor.workers.slots[1].thread.getId())};
    }
}
