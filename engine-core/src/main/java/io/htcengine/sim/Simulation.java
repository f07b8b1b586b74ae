package io.htcengine.sim;

import io.htcengine.api.Engine;
import io.htcengine.api.EngineBuilder;
import io.htcengine.api.ManualClock;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.Resources;
import io.htcengine.api.SubmittedGraph;
import io.htcengine.api.TaskGraph;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.api.TaskState;
import io.htcengine.api.ThreadingMode;
import io.htcengine.spi.Execution;
import io.htcengine.spi.NodeExecutor;
import io.htcengine.spi.PlacementPolicy;
import io.htcengine.spi.SchedulingPolicy;
import io.htcengine.spi.TaskEvent;
import io.htcengine.spi.TaskListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The engine's scheduler loop on virtual time. Nodes are simulated: a task dispatched to one "runs" for the duration
 * it was submitted with (its handler is not called) and completes when the virtual clock reaches its end. The clock
 * jumps from event to event (arrivals, completions), so a month of trace replays in seconds; with the same inputs and
 * seed the schedule is identical, run after run.
 * <pre>{@code
 * Simulation sim = Simulation.builder().node("m", 64, Resources.builder().cores(64).build())
 *     .scheduling(SchedulingPolicy.easyBackfill()).build();
 * sim.submitAt(0, spec, null, 3_600_000_000_000L);       // arrives at 0, runs one hour
 * SimulationResult result = sim.run();
 * }</pre>
 *
 * <p>Threading: one thread; a simulation runs once.
 */
public final class Simulation {
    private final ManualClock clock = new ManualClock(0);
    private final Engine engine;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Map<Long, Long> runtimeNsById = new HashMap<>();
    private final Map<Long, Integer> indexById = new HashMap<>();
    private final List<TaskHandle<?>> handles = new ArrayList<>();
    private final List<long[]> times = new ArrayList<>(); // per index: submit, start, end
    private final List<String> nodeOf = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<TaskSpec<?, ?>> specs = new ArrayList<>();
    private final PriorityQueue<Running> running = new PriorityQueue<>();
    private final Map<String, Long> capacity;
    private long seq;
    private boolean ran;

    private record Arrival(long atNs, int order, Consumer<Simulation> submit) {
    }

    /** A node as the builder was given it; the simulation supplies its executor. */
    private record SimNode(String name, int slots, Resources capacity) {
    }

    private record Running(long endNs, long seq, Execution execution) implements Comparable<Running> {
        @Override
        public int compareTo(Running o) {
            return endNs != o.endNs ? Long.compare(endNs, o.endNs) : Long.compare(seq, o.seq);
        }
    }

    private Simulation(Builder b) {
        EngineBuilder eb = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock).randomSeed(b.seed)
            .scheduling(b.scheduling).placement(b.placement).admitBatch(1 << 16).readyQueueLimit(0).graphAdmitAhead(0)
            .laneCapacity(1 << 16) // jobs arriving at one instant all enter their lanes before the loop runs
            .listener(new Recorder()); // a replay admits every job at once: its queue is what is measured
        Map<String, Long> cap = new LinkedHashMap<>();
        for (SimNode n : b.nodes) {
            // NodeSpec checks the name and the slots, with the messages every node gets
            eb.node(NodeSpec.withExecutor(n.name(), n.slots(), new SimulatedNode(n.name())).withCapacity(n.capacity()));
            cap.merge("slots", (long) n.slots(), Long::sum);
            cap.merge("cpu", n.capacity().cpuMillis(), Long::sum);
            cap.merge("memory", n.capacity().memoryBytes(), Long::sum);
            cap.merge("gpu", n.capacity().gpus(), Long::sum);
            cap.merge("storage", n.capacity().storageBytes(), Long::sum);
            n.capacity().extended().forEach((k, v) -> cap.merge(k, v, Long::sum));
        }
        this.capacity = cap;
        for (Consumer<EngineBuilder> c : b.configure) {
            c.accept(eb);
        }
        this.engine = eb.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return the simulated engine (for its cluster status, dead letters, progress), driven by {@link #run()}. */
    public Engine engine() {
        return engine;
    }

    /**
     * Submits {@code spec} with {@code input} at virtual time {@code atNs}, to run {@code runtimeNs} once started.
     *
     * @return the job's index in the result
     */
    public <I> int submitAt(long atNs, TaskSpec<I, ?> spec, I input, long runtimeNs) {
        checkNotRun();
        checkTimes(atNs, runtimeNs);
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null");
        }
        int index = reserveIndex();
        arrivals.add(new Arrival(atNs, arrivals.size(), sim -> {
            TaskHandle<?> h;
            while ((h = engine.trySubmit(spec, input)) == null) {
                sim.settle(); // the lane is full: let the loop admit what waits, at this same instant
            }
            sim.register(index, h, runtimeNs, spec.name(), spec);
        }));
        return index;
    }

    /**
     * Submits a whole graph at {@code atNs}; each task runs the duration given for its key.
     *
     * @return the index of the graph's first task (in topological order); the others follow
     */
    public int submitGraphAt(long atNs, TaskGraph graph, Map<String, Long> runtimeNsByKey) {
        checkNotRun();
        checkTimes(atNs, 0);
        if (graph == null || runtimeNsByKey == null) {
            throw new IllegalArgumentException("graph and runtimeNsByKey must not be null");
        }
        for (int node = 0; node < graph.size(); node++) { // all checked now, not when run() reaches atNs
            Long runtime = runtimeNsByKey.get(graph.key(node));
            if (runtime == null || runtime < 0 || runtime > MAX_NS) {
                throw new IllegalArgumentException("runtimeNsByKey must give a runtime from 0 to " + MAX_NS
                    + " ns (36500 days) for task '" + graph.key(node) + "', was " + runtime);
            }
        }
        int first = times.size();
        int n = graph.size();
        for (int i = 0; i < n; i++) {
            reserveIndex();
        }
        arrivals.add(new Arrival(atNs, arrivals.size(), sim -> {
            SubmittedGraph g = engine.submit(graph);
            List<TaskHandle<?>> tasks = g.tasks();
            for (int i = 0; i < tasks.size(); i++) {
                TaskHandle<?> h = tasks.get(i);
                String key = graph.key(graph.topologicalOrder(i));
                sim.register(first + i, h, runtimeNsByKey.get(key), key, graph.spec(graph.topologicalOrder(i)));
            }
        }));
        return first;
    }

    /** The latest submit time and the longest runtime: 36,500 days, so that a time plus a runtime never overflows. */
    private static final long MAX_NS = io.htcengine.internal.Validate.MAX_DURATION.toNanos();

    private static void checkTimes(long atNs, long runtimeNs) {
        if (atNs < 0 || atNs > MAX_NS) {
            throw new IllegalArgumentException("atNs must be from 0 to " + MAX_NS + " (36500 days), was " + atNs);
        }
        if (runtimeNs < 0 || runtimeNs > MAX_NS) {
            throw new IllegalArgumentException("runtimeNs must be from 0 to " + MAX_NS + " (36500 days), was "
                + runtimeNs);
        }
    }

    private void checkNotRun() {
        if (ran) {
            throw new IllegalStateException("a simulation runs once: submit before run()");
        }
    }

    private int reserveIndex() {
        times.add(new long[] {-1, -1, -1});
        handles.add(null);
        nodeOf.add(null);
        names.add(null);
        specs.add(null);
        return times.size() - 1;
    }

    private void register(int index, TaskHandle<?> h, long runtimeNs, String name, TaskSpec<?, ?> spec) {
        handles.set(index, h);
        names.set(index, name);
        specs.set(index, spec);
        runtimeNsById.put(h.id(), runtimeNs);
        indexById.put(h.id(), index);
        times.get(index)[0] = clock.nanoTime();
    }

    /**
     * Runs to the end: until every submitted task has ended, or nothing more can happen (tasks that can never be
     * placed are reported QUEUED, never started).
     */
    public SimulationResult run() {
        if (ran) {
            throw new IllegalStateException("a simulation runs once");
        }
        ran = true;
        arrivals.sort((a, b) -> a.atNs != b.atNs ? Long.compare(a.atNs, b.atNs) : Integer.compare(a.order, b.order));
        try {
            advanceToTheEnd();
        } catch (RuntimeException | Error e) { // a failed run leaves nothing running behind it
            engine.shutdownNow();
            settle();
            throw e;
        }
        List<JobRecord> jobs = new ArrayList<>(times.size());
        for (int i = 0; i < times.size(); i++) {
            TaskHandle<?> h = handles.get(i);
            TaskSpec<?, ?> spec = specs.get(i);
            long[] t = times.get(i);
            jobs.add(new JobRecord(i, h == null ? -1 : h.id(), names.get(i),
                spec == null ? TaskSpec.DEFAULT_TENANT : spec.tenant(), spec == null ? Resources.NONE : spec.resources(),
                t[0], t[1], t[2], nodeOf.get(i), h == null ? TaskState.SUBMITTED : h.state()));
        }
        engine.shutdownNow();
        settle();
        return new SimulationResult(jobs, capacity);
    }

    /** Virtual time from arrival to arrival and completion to completion, until nothing more can happen. */
    private void advanceToTheEnd() {
        int next = 0;
        while (true) {
            long now = clock.nanoTime();
            while (!running.isEmpty() && running.peek().endNs <= now) {
                running.poll().execution.complete(null);
            }
            while (next < arrivals.size() && arrivals.get(next).atNs <= now) {
                arrivals.get(next++).submit.accept(this);
            }
            settle();
            long wake = Math.min(next < arrivals.size() ? arrivals.get(next).atNs : Long.MAX_VALUE,
                running.isEmpty() ? Long.MAX_VALUE : running.peek().endNs);
            if (wake == Long.MAX_VALUE) {
                return;
            }
            clock.advanceNs(wake - now);
        }
    }

    private void settle() {
        while (engine.doWork() != 0) {
            // every duty until nothing moves at this instant
        }
    }

    /** Records dispatch and end times from the engine's own transitions. */
    private final class Recorder implements TaskListener {
        @Override
        public void onTransition(TaskEvent e) {
            Integer index = indexById.get(e.taskId());
            if (index == null) {
                return;
            }
            if (e.to() == TaskState.RUNNING) {
                times.get(index)[1] = e.timeNs();
            } else if (e.to().isTerminal() && e.from() == TaskState.RUNNING) {
                times.get(index)[2] = e.timeNs();
            }
        }
    }

    /** A node whose tasks end when the virtual clock reaches their start plus their runtime. */
    private final class SimulatedNode implements NodeExecutor {
        private final String name;

        SimulatedNode(String name) {
            this.name = name;
        }

        @Override
        public void execute(Execution e) {
            Long runtime = runtimeNsById.get(e.taskId());
            if (runtime == null) {
                throw new IllegalStateException("task " + e.taskId() + " was not submitted through the simulation");
            }
            Integer index = indexById.get(e.taskId());
            nodeOf.set(index, name);
            running.add(new Running(clock.nanoTime() + runtime, seq++, e));
        }

        @Override
        public String toString() {
            return "simulated node " + name;
        }
    }

    /** Configures a {@link Simulation}; nodes are required. */
    public static final class Builder {
        private final List<SimNode> nodes = new ArrayList<>();
        private final List<Consumer<EngineBuilder>> configure = new ArrayList<>();
        private SchedulingPolicy scheduling = SchedulingPolicy.strictPriority();
        private PlacementPolicy placement = PlacementPolicy.bestFit();
        private long seed = 1;

        private Builder() {
        }

        /** Adds a simulated node of {@code slots} slots and {@code capacity}. */
        public Builder node(String name, int slots, Resources capacity) {
            if (capacity == null) {
                throw new IllegalArgumentException("capacity of node '" + name + "' must not be null");
            }
            nodes.add(new SimNode(name, slots, capacity));
            return this;
        }

        public Builder scheduling(SchedulingPolicy scheduling) {
            this.scheduling = scheduling;
            return this;
        }

        public Builder placement(PlacementPolicy placement) {
            this.placement = placement;
            return this;
        }

        /** @param seed seeds the engine's random choices (retry jitter). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Anything else for the simulated engine (quotas, default retry, ...): applied to its builder last. */
        public Builder configure(Consumer<EngineBuilder> configure) {
            if (configure == null) {
                throw new IllegalArgumentException("configure must not be null");
            }
            this.configure.add(configure);
            return this;
        }

        public Simulation build() {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("nodes must not be empty: add at least one with node(name, slots, capacity)");
            }
            return new Simulation(this);
        }
    }
}
