package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Not a JMH benchmark: how much CPU the engine's scheduler thread uses while its workers run long tasks and the
 * ready-queue limit holds the rest of the backlog in the lanes — a state in which the loop has nothing to do until a
 * task ends. Two workers run tasks of {@code taskMs} (default 20) ms each; {@code tasks} of them (default 3,000: more
 * than the default ready-queue limit, 2,048, fewer than it and a lane of 1,024 hold) are submitted at once, so the
 * submitter does not wait and the lane's share stays held back; after half a second, the scheduler thread's CPU time over
 * {@code seconds} (default 2) is printed as a share of one core.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.htcengine.jmh.HeldBackIdleCpu [tasks] [taskMs] [seconds]
 * </pre>
 */
public final class HeldBackIdleCpu {
    private HeldBackIdleCpu() {
    }

    public static void main(String[] args) throws InterruptedException {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        long taskMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 2;
        try (Engine engine = Engine.builder().name("held-back").workerThreads(2).build()) {
            Session session = engine.openSession();
            TaskSpec<Object, Object> sleeper = TaskSpec.of((Object in, TaskContext c) -> {
                Thread.sleep(taskMs);
                return null;
            }).name("sleep").build();
            for (int i = 0; i < tasks; i++) {
                session.submit(sleeper, null);
            }
            Thread.sleep(500);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long scheduler = schedulerThreadId();
            long cpu0 = mx.getThreadCpuTime(scheduler);
            long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1_000);
            long cpu = mx.getThreadCpuTime(scheduler) - cpu0;
            long wall = System.nanoTime() - wall0;
            System.out.printf("%d tasks waiting for a slot; scheduler thread CPU while tasks run: %.1f %% of one core%n",
                engine.cluster().status().join().pendingTasks(), 100.0 * cpu / wall);
            session.cancel();
        }
    }

    private static long schedulerThreadId() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().contains("scheduler")) {
                return t.getId();
            }
        }
        throw new IllegalStateException("no scheduler thread found");
    }
}
