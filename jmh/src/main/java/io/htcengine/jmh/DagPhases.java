package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * Not a JMH benchmark: a diagnostic for {@link DagBenchmark#engineByIndex} that says where an invocation's time goes.
 * It runs graphs of one shape and prints, per task and over the last two thirds of the graphs, the submitting
 * thread's wall time in each phase ({@code add} per task, {@code build()}, {@code submit}, then the wait for the
 * session), the throughput, and each thread's CPU time ({@link ThreadMXBean}).
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.htcengine.jmh.DagPhases [shape=chains] [graphs=24] [graphAdmitAhead=4096]
 * </pre>
 */
public final class DagPhases {
    private DagPhases() {
    }

    public static void main(String[] args) {
        String shape = args.length > 0 ? args[0] : "chains";
        int graphs = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int admitAhead = args.length > 2 ? Integer.parseInt(args[2])
            : io.htcengine.api.EngineBuilder.DEFAULT_GRAPH_ADMIT_AHEAD;
        int[][] parents = switch (shape) {
            case "chains" -> DagBenchmark.chains();
            case "fanOutFanIn" -> DagBenchmark.fanOutFanIn();
            case "randomLayered" -> DagBenchmark.randomLayered();
            default -> throw new IllegalArgumentException(
                "shape must be one of chains, fanOutFanIn, randomLayered, was " + shape);
        };
        int n = parents.length;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        TaskSpec<Object, Object> noOp = TaskSpec.of((Object input, TaskContext context) -> DagBenchmark.noOp())
            .name("no-op").build();
        try (Engine engine = Engine.builder().name("phases").workerThreads(2).graphAdmitAhead(admitAhead).build()) {
            long[] phases = new long[4];
            Map<String, Long> before = null;
            int measured = 0;
            for (int g = 0; g < graphs; g++) {
                if (g == graphs / 3) {
                    before = CpuPerTask.cpuByThread(threads);
                    java.util.Arrays.fill(phases, 0);
                    measured = 0;
                }
                long t0 = System.nanoTime();
                TaskGraph.Builder builder = TaskGraph.builder();
                for (int i = 0; i < n; i++) {
                    builder.add(noOp, null, parents[i]);
                }
                long t1 = System.nanoTime();
                TaskGraph graph = builder.build();
                long t2 = System.nanoTime();
                Session session = engine.openSession();
                session.submit(graph);
                session.seal();
                long t3 = System.nanoTime();
                PriorityThroughputBenchmark.requireAllCompleted(session.future().join(), n);
                long t4 = System.nanoTime();
                phases[0] += t1 - t0;
                phases[1] += t2 - t1;
                phases[2] += t3 - t2;
                phases[3] += t4 - t3;
                measured++;
            }
            Map<String, Long> after = CpuPerTask.cpuByThread(threads);
            double tasks = (double) measured * n;
            long wall = phases[0] + phases[1] + phases[2] + phases[3];
            System.out.printf("%s: add %.1f, build %.1f, submit %.1f, run %.1f ns/task (wall); %,.0f tasks/s%n", shape,
                phases[0] / tasks, phases[1] / tasks, phases[2] / tasks, phases[3] / tasks, tasks * 1e9 / wall);
            for (Map.Entry<String, Long> e : new TreeMap<>(after).entrySet()) {
                Long b = before.get(e.getKey());
                double perTask = (e.getValue() - (b == null ? 0 : b)) / tasks;
                if (perTask >= 0.05) {
                    System.out.printf("  %-24s %7.1f ns CPU/task%n", e.getKey(), perTask);
                }
            }
        }
    }
}
