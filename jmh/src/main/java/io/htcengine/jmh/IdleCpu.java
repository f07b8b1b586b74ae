package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a JMH benchmark: how much CPU the engine's own threads use while they have nothing to do — what an embedding
 * host pays for an engine at rest. After half a second of settling, each engine thread's CPU time over
 * {@code seconds} (default 2) is printed as a share of one core. Two workers; two scenes:
 * <ul>
 *   <li>{@code idle} (default) — one task has run, nothing is left.</li>
 *   <li>{@code heldBack} — the workers run tasks of 20 ms while the ready-queue limit holds the rest of a backlog in
 *       the lanes: 3,000 tasks submitted at once (more than the default limit, 2,048, fewer than it and a lane of
 *       1,024 hold, so the submitter does not wait). The loop has nothing to do until a task ends.</li>
 *   <li>{@code backlog} — a submitting thread keeps submitting tasks of {@code taskUs} µs (default 300; they park,
 *       so the workers use no CPU) and waits for lane space each time: the loop admits one task per completion, and
 *       the submitter waits again. Prints the completions per second and the submitting thread's CPU too.</li>
 * </ul>
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.htcengine.jmh.IdleCpu [idle|heldBack|backlog] [seconds] [taskUs]
 * </pre>
 */
public final class IdleCpu {
    private IdleCpu() {
    }

    public static void main(String[] args) throws InterruptedException {
        String scene = args.length > 0 ? args[0] : "idle";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 2;
        long taskNs = (args.length > 2 ? Long.parseLong(args[2]) : 300) * 1_000;
        try (Engine engine = Engine.builder().name("idle-cpu").workerThreads(2).build()) {
            Session session = engine.openSession();
            switch (scene) {
                case "idle" -> session.submit(TaskSpec.of((Object in, TaskContext c) -> in).build(), 1).future().join();
                case "heldBack" -> {
                    TaskSpec<Object, Object> sleeper = TaskSpec.of((Object in, TaskContext c) -> {
                        Thread.sleep(20);
                        return null;
                    }).name("sleep").build();
                    for (int i = 0; i < 3_000; i++) {
                        session.submit(sleeper, null);
                    }
                }
                case "backlog" -> {
                    TaskSpec<Object, Object> parker = TaskSpec.of((Object in, TaskContext c) -> {
                        java.util.concurrent.locks.LockSupport.parkNanos(taskNs);
                        return null;
                    }).name("park").build();
                    Thread submitter = new Thread(() -> {
                        try {
                            while (true) {
                                session.submit(parker, null);
                            }
                        } catch (RuntimeException endOfRun) {
                            // the session was cancelled at the end: the run is over
                        }
                    }, "idle-cpu-submitter");
                    submitter.setDaemon(true);
                    submitter.start();
                }
                default -> throw new IllegalArgumentException("scene must be idle, heldBack or backlog, was " + scene);
            }
            Thread.sleep(500);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            Map<String, long[]> threads = new TreeMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("htc-") || t.getName().startsWith("idle-cpu-")) {
                    threads.put(t.getName(), new long[] {t.getId(), mx.getThreadCpuTime(t.getId())});
                }
            }
            long completed0 = session.progress().completed();
            long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1_000);
            long wall = System.nanoTime() - wall0;
            System.out.printf("%s: %.0f completions/s; CPU per thread, share of one core:", scene,
                (session.progress().completed() - completed0) * 1e9 / wall);
            threads.forEach((name, v) ->
                System.out.printf(" %s %.2f %%", name, 100.0 * (mx.getThreadCpuTime(v[0]) - v[1]) / wall));
            System.out.println();
            session.cancel();
        }
    }
}
