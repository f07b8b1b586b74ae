package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.TaskSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Not a JMH benchmark: a diagnostic for the S1 workload that says which thread spends the CPU. It runs batches of
 * {@value PriorityThroughputBenchmark#TASKS} no-op tasks with seeded random priorities (one producer, as S1) and
 * prints the throughput over the last two thirds of the batches, the best batch, and each thread's CPU time per task
 * ({@link ThreadMXBean}). On a shared 2-core machine JMH's error bars hide effects under ~20 %; alternating runs of
 * this program with one setting changed (and the per-thread split) told the changes of the third session apart.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.htcengine.jmh.CpuPerTask [batches=40] [workers=2] [tasksInFlightPerWorker=256] [dispatchAheadUs=200]
 * java -Dcpu.perBatch=true -cp jmh/target/benchmarks.jar io.htcengine.jmh.CpuPerTask 30
 * </pre>
 * With {@code -Dcpu.perBatch=true} it also prints each batch: its tasks/s, how long the submitting loop took, and
 * each thread's CPU per task in that batch (how the fifth session saw that the scheduler's cost per task doubles in
 * the batches where it falls behind the producer). {@code -Dcpu.laneCapacity} and {@code -Dcpu.readyQueueLimit} set
 * the engine's (defaults: the engine's own). {@code -Dcpu.priorities=N} draws the priorities from 1 to N instead of
 * 1 to 10 (1: every task of one priority).
 */
public final class CpuPerTask {
    private CpuPerTask() {
    }

    public static void main(String[] args) {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        long aheadUs = args.length > 3 ? Long.parseLong(args[3]) : 200;
        int tasks = PriorityThroughputBenchmark.TASKS;
        int distinct = Integer.getInteger("cpu.priorities", TaskSpec.MAX_PRIORITY);
        if (distinct < 1 || distinct > TaskSpec.MAX_PRIORITY) {
            throw new IllegalArgumentException("cpu.priorities must be between 1 and 10, was " + distinct);
        }
        int[] priorities = new int[tasks];
        SplittableRandom random = new SplittableRandom(0x5EED_2025L);
        for (int i = 0; i < tasks; i++) {
            priorities[i] = random.nextInt(TaskSpec.MIN_PRIORITY, TaskSpec.MIN_PRIORITY + distinct);
        }
        @SuppressWarnings("unchecked")
        TaskSpec<Object, Object>[] specs = new TaskSpec[TaskSpec.MAX_PRIORITY + 1];
        for (int p = TaskSpec.MIN_PRIORITY; p <= TaskSpec.MAX_PRIORITY; p++) {
            specs[p] = TaskSpec.of(PriorityThroughputBenchmark::noOp).name("no-op-p" + p).priority(p).build();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean perBatch = Boolean.getBoolean("cpu.perBatch");
        try (Engine engine = Engine.builder().name("cpu").workerThreads(workers).tasksInFlightPerWorker(depth)
            .dispatchAhead(Duration.ofNanos(aheadUs * 1_000))
            .laneCapacity(Integer.getInteger("cpu.laneCapacity", io.htcengine.api.EngineBuilder.DEFAULT_LANE_CAPACITY))
            .readyQueueLimit(Integer.getInteger("cpu.readyQueueLimit",
                io.htcengine.api.EngineBuilder.DEFAULT_READY_QUEUE_LIMIT)).build()) {
            Map<String, Long> before = null;
            long start = 0;
            long best = Long.MAX_VALUE;
            int measured = 0;
            for (int b = 0; b < batches; b++) {
                if (b == batches / 3) {
                    before = cpuByThread(threads);
                    start = System.nanoTime();
                }
                Map<String, Long> batchCpu = perBatch ? cpuByThread(threads) : null;
                long batchStart = System.nanoTime();
                Session session = engine.openSession();
                for (int i = 0; i < tasks; i++) {
                    session.submit(specs[priorities[i]], null);
                }
                long submitted = System.nanoTime();
                session.seal();
                session.future().join();
                if (perBatch) {
                    printBatch(b, tasks, System.nanoTime() - batchStart, submitted - batchStart, batchCpu,
                        cpuByThread(threads));
                }
                if (b >= batches / 3) {
                    measured++;
                    best = Math.min(best, System.nanoTime() - batchStart);
                }
            }
            long wall = System.nanoTime() - start;
            Map<String, Long> after = cpuByThread(threads);
            double n = (double) measured * tasks;
            System.out.printf("tasks/s %.0f, best batch %.0f%n", n * 1e9 / wall, tasks * 1e9 / best);
            long total = 0;
            for (Map.Entry<String, Long> e : after.entrySet()) {
                long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                if (used > 1_000_000) {
                    System.out.printf("  %-24s %7.1f ns CPU/task%n", e.getKey(), used / n);
                    total += used;
                }
            }
            System.out.printf("  %-24s %7.1f ns CPU/task (wall %.1f ns/task)%n", "all", total / n, wall / n);
        }
    }

    private static void printBatch(int batch, int tasks, long wallNs, long submitNs, Map<String, Long> before,
                                   Map<String, Long> after) {
        StringBuilder cpu = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (used > 100_000) {
                cpu.append(String.format(" %s %d", e.getKey(), used / tasks));
            }
        }
        System.out.printf("batch %d: %.2f M tasks/s, submit loop %.1f ms of %.1f ms; ns CPU/task:%s%n", batch,
            tasks * 1e3 / wallNs, submitNs / 1e6, wallNs / 1e6, cpu);
    }

    /** @return each thread's CPU time so far, in ns, by thread name (threads of one name summed) */
    static Map<String, Long> cpuByThread(ThreadMXBean threads) {
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                out.merge(info.getThreadName(), threads.getThreadCpuTime(info.getThreadId()), Long::sum);
            }
        }
        return out;
    }
}
