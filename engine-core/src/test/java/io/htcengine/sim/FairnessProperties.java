package io.htcengine.sim;

import io.htcengine.api.Resources;
import io.htcengine.api.TaskContext;
import io.htcengine.api.TaskSpec;
import io.htcengine.internal.policy.EasyBackfill;
import io.htcengine.spi.Dispatcher;
import io.htcengine.spi.QueuedTask;
import io.htcengine.spi.SchedulingPolicy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduling policies' promises, checked on random workloads run on virtual time: aging bounds every wait,
 * fair share splits a contended machine by weight, strict priority never passes over a higher priority that fits,
 * EASY never delays its head's reservation, FCFS starts in arrival order.
 */
class FairnessProperties {
    static final long S = 1_000_000_000L;

    static TaskSpec<Object, Object> unit(int priority, String tenant, int cores, long estimateS) {
        TaskSpec.Builder<Object, Object> b = TaskSpec.of((Object x, TaskContext c) -> x).name("p" + priority).priority(priority)
            .tenant(tenant).resources(Resources.builder().cores(cores).build());
        if (estimateS > 0) {
            b.runtimeEstimate(Duration.ofSeconds(estimateS));
        }
        return b.build();
    }

    /**
     * Aging's bound, for tasks of one core on a machine of {@code cores} cores whose runtimes are at most R: a task
     * with priority p ready at r starts by r + (10 - p) * step + R * (ceil(A / cores) + 1), A being the tasks that
     * became ready before it — once its effective priority is 10 only those can go first, and while it waits every
     * core takes a new task at least once per R.
     */
    @Property(tries = 40)
    void agingBoundsEveryWait(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed,
                              @ForAll @IntRange(min = 1, max = 6) int cores) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long stepS = 1 + rnd.nextInt(60);
        long maxRunS = 1 + rnd.nextInt(30);
        Simulation sim = Simulation.builder().node("m", 64, Resources.builder().cores(cores).build())
            .scheduling(SchedulingPolicy.priorityAging(Duration.ofSeconds(stepS))).build();
        int n = 50 + rnd.nextInt(250);
        int[] priority = new int[n];
        for (int i = 0; i < n; i++) {
            priority[i] = 1 + rnd.nextInt(10);
            long at = rnd.nextInt(600) * S;
            sim.submitAt(at, unit(priority[i], "t", 1, 0), null, (1 + rnd.nextInt((int) maxRunS)) * S);
        }
        SimulationResult r = sim.run();
        List<JobRecord> jobs = r.jobs();
        for (JobRecord j : jobs) {
            long ahead = jobs.stream().filter(o -> o.submitNs() < j.submitNs()
                || (o.submitNs() == j.submitNs() && o.taskId() < j.taskId())).count();
            long bound = j.submitNs() + (10 - priority[j.index()]) * stepS * S
                + maxRunS * S * ((ahead + cores - 1) / cores + 1);
            assertTrue(j.startNs() >= 0 && j.startNs() <= bound, "task " + j.index() + " (priority "
                + priority[j.index()] + ", ready " + j.submitNs() / S + " s, " + ahead + " ahead) started at "
                + j.startNs() / (double) S + " s, after its bound " + bound / (double) S + " s");
        }
    }

    @Property(tries = 15)
    void fairShareSplitsAContendedMachineByWeight(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed,
                                                  @ForAll @IntRange(min = 1, max = 2) int weightOfA) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cores = 8 + rnd.nextInt(25);
        Simulation sim = Simulation.builder().node("m", 1024, Resources.builder().cores(cores).build())
            .scheduling(SchedulingPolicy.fairShare(Map.of("a", (double) weightOfA, "b", 1.0))).build();
        for (String tenant : List.of("a", "b")) {
            for (int i = 0; i < 1500; i++) { // continuous demand: both queues stay long through the window
                sim.submitAt(0, unit(5, tenant, 1 + rnd.nextInt(4), 0), null, (1 + rnd.nextInt(20)) * S);
            }
        }
        SimulationResult r = sim.run();
        long windowEnd = Long.MAX_VALUE; // while both still have tasks waiting: the first tenant's last start
        for (String tenant : List.of("a", "b")) {
            long lastStart = r.jobs().stream().filter(j -> j.tenant().equals(tenant)).mapToLong(JobRecord::startNs)
                .max().orElseThrow();
            windowEnd = Math.min(windowEnd, lastStart);
        }
        Map<String, Double> used = new HashMap<>();
        for (JobRecord j : r.jobs()) {
            long overlap = Math.max(0, Math.min(j.endNs(), windowEnd) - j.startNs());
            used.merge(j.tenant(), (double) overlap * j.resources().cpuMillis(), Double::sum);
        }
        double shareA = used.get("a") / (used.get("a") + used.get("b"));
        double expected = weightOfA / (weightOfA + 1.0);
        assertEquals(expected, shareA, 0.05, "tenant a's share of the cpu over [0, " + windowEnd / S + " s]");
    }

    @Property(tries = 40)
    void strictPriorityNeverPassesOverAHigherPriorityThatFits(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed,
                                                              @ForAll @IntRange(min = 1, max = 6) int cores) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Simulation sim = Simulation.builder().node("m", 64, Resources.builder().cores(cores).build()).build();
        int n = 50 + rnd.nextInt(200);
        for (int i = 0; i < n; i++) {
            sim.submitAt(rnd.nextInt(300) * S, unit(1 + rnd.nextInt(10), "t", 1, 0), null, (1 + rnd.nextInt(30)) * S);
        }
        List<JobRecord> jobs = sim.run().jobs();
        for (JobRecord j : jobs) {
            for (JobRecord higher : jobs) {
                boolean waiting = higher.submitNs() <= j.startNs() && higher.startNs() > j.startNs();
                assertTrue(!(waiting && priority(higher) > priority(j)), "task " + j.index() + " (priority "
                    + priority(j) + ") started at " + j.startNs() / S + " s while task " + higher.index() + " (priority "
                    + priority(higher) + "), which fits the same core, waited");
            }
        }
    }

    private static int priority(JobRecord j) {
        return Integer.parseInt(j.name().substring(1));
    }

    @Property(tries = 40)
    void easyNeverDelaysTheHeadsReservation(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cores = 4 + rnd.nextInt(29);
        Recording easy = new Recording(new EasyBackfill());
        Simulation sim = Simulation.builder().node("m", 1024, Resources.builder().cores(cores).build())
            .scheduling(easy).build();
        int n = 50 + rnd.nextInt(200);
        for (int i = 0; i < n; i++) {
            long run = 1 + rnd.nextInt(100);
            sim.submitAt(rnd.nextInt(400) * S, unit(5, "t", 1 + rnd.nextInt(cores), run), null, run * S);
        }
        SimulationResult r = sim.run();
        Map<Long, Long> startById = new HashMap<>();
        r.jobs().forEach(j -> startById.put(j.taskId(), j.startNs()));
        assertTrue(!easy.firstReservation.isEmpty() || n == 0, "some task was reserved");
        easy.firstReservation.forEach((task, at) -> assertTrue(startById.get(task) <= at, "task " + task
            + " was reserved for " + at / S + " s but started at " + startById.get(task) / S + " s: a backfill delayed it"));
    }

    @Property(tries = 40)
    void fcfsStartsInArrivalOrder(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cores = 1 + rnd.nextInt(16);
        Simulation sim = Simulation.builder().node("m", 1024, Resources.builder().cores(cores).build())
            .scheduling(SchedulingPolicy.fcfs()).build();
        for (int i = 0; i < 200; i++) {
            sim.submitAt(rnd.nextInt(300) * S, unit(1 + rnd.nextInt(10), "t", 1 + rnd.nextInt(cores), 0), null,
                (1 + rnd.nextInt(40)) * S);
        }
        List<JobRecord> byArrival = new ArrayList<>(sim.run().jobs());
        byArrival.sort((a, b) -> a.submitNs() != b.submitNs() ? Long.compare(a.submitNs(), b.submitNs())
            : Long.compare(a.taskId(), b.taskId()));
        for (int i = 1; i < byArrival.size(); i++) {
            assertTrue(byArrival.get(i - 1).startNs() <= byArrival.get(i).startNs(), "task "
                + byArrival.get(i).index() + " started before task " + byArrival.get(i - 1).index() + ", which arrived first");
        }
    }

    /** Wraps EASY to record, for each task that became the head, the first reservation it was given. */
    static final class Recording implements SchedulingPolicy {
        final EasyBackfill easy;
        final Map<Long, Long> firstReservation = new HashMap<>();

        Recording(EasyBackfill easy) {
            this.easy = easy;
        }

        @Override
        public void add(QueuedTask task) {
            easy.add(task);
        }

        @Override
        public int schedule(Dispatcher dispatcher) {
            int n = easy.schedule(dispatcher);
            if (easy.reservationNs() >= 0) {
                firstReservation.putIfAbsent(easy.reservedTask(), easy.reservationNs());
            }
            return n;
        }

        @Override
        public int size() {
            return easy.size();
        }
    }
}
