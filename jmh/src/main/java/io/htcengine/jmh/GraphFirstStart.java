package io.htcengine.jmh;

import io.htcengine.api.Engine;
import io.htcengine.api.Session;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskSpec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a JMH benchmark: how soon a large graph starts. It submits graphs of chains of 100 no-op tasks
 * ({@code tasks} in all, default 1,000,000) into a session of an engine with two workers, and prints for each graph
 * after the first three: when {@code Session.submit(graph)} returned, when the first task started (its handler's
 * first call), and when the session ended, each in ms from the {@code submit} call.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.htcengine.jmh.GraphFirstStart [tasks=1000000] [graphs=8]
 * </pre>
 */
public final class GraphFirstStart {
    private GraphFirstStart() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int graphs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        AtomicLong firstStartNs = new AtomicLong();
        TaskSpec<Object, Object> noOp = TaskSpec.of((Object input, TaskContext context) -> {
            if (firstStartNs.get() == 0) {
                firstStartNs.compareAndSet(0, System.nanoTime());
            }
            return null;
        }).name("no-op").build();
        int[] none = new int[0];
        try (Engine engine = Engine.builder().name("first-start").workerThreads(2).build()) {
            for (int g = 0; g < graphs; g++) {
                TaskGraph.Builder builder = TaskGraph.builder();
                for (int i = 0; i < n; i++) {
                    builder.add(noOp, null, i % 100 == 0 ? none : new int[] {i - 1});
                }
                TaskGraph graph = builder.build();
                firstStartNs.set(0);
                Session session = engine.openSession();
                long start = System.nanoTime();
                session.submit(graph);
                long returned = System.nanoTime();
                session.seal();
                PriorityThroughputBenchmark.requireAllCompleted(session.future().join(), n);
                long ended = System.nanoTime();
                if (g >= 3) {
                    System.out.printf("submit returned after %.1f ms, first task started after %.1f ms, all ended after "
                        + "%.1f ms%n", (returned - start) / 1e6, (firstStartNs.get() - start) / 1e6, (ended - start) / 1e6);
                }
            }
        }
    }
}
