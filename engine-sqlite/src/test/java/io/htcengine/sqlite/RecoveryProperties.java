package io.htcengine.sqlite;

import io.htcengine.api.DurableHandle;
import io.htcengine.api.DurableSession;
import io.htcengine.api.DurableTask;
import io.htcengine.api.Engine;
import io.htcengine.api.ManualClock;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.Persistence;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.TaskState;
import io.htcengine.api.ThreadingMode;
import io.htcengine.spi.Execution;
import io.htcengine.spi.ManualExecutor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Recovery against a model, deterministically: an engine in invoker mode with a manual executor runs random durable
 * work — tasks alone and in a session, with dependencies, transient failures and poison tasks — and "crashes" at
 * random moments (it is abandoned with whatever it was running, and its store closed, which commits what it had
 * journaled); a new engine recovers from the store and carries on. At the end, checked against the model:
 * <ul>
 *   <li>every submitted task is in the store, terminal, and ended as the model says: COMPLETED, FAILED (poison)
 *       or CANCELLED (a poison ancestor);</li>
 *   <li>a task the store had COMPLETED at a crash never ran again;</li>
 *   <li>no task ran before all its parents had completed;</li>
 *   <li>the stored attempts are at least the handler's runs (attempts cut short by a crash count too).</li>
 * </ul>
 */
class RecoveryProperties {
    private static final int POISON = 9;

    /** A handler run: which job, whether it succeeded, in which order. */
    private record Run(long job, boolean ok) {
    }

    @Property(tries = 25)
    void recoveryKeepsEveryTaskAndRunsNothingTwiceThatCompleted(@ForAll long seed,
                                                               @ForAll @IntRange(min = 20, max = 120) int steps)
        throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = Files.createTempDirectory("htc-recovery");
        Path db = dir.resolve("r.db");
        Map<Long, Integer> failuresWanted = new HashMap<>(); // job -> transient failures before success, or POISON
        Map<Long, long[]> parentsOf = new HashMap<>();
        Map<Long, Integer> failuresSoFar = new HashMap<>();
        List<Run> runs = new ArrayList<>();
        List<Set<Long>> completedAtCrash = new ArrayList<>();
        List<Integer> runsAtCrash = new ArrayList<>();

        World w = new World(db, failuresSoFar, failuresWanted, runs);
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            if (action < 4) {
                // submit alone or into the session, maybe after earlier tasks of the same owner in this engine
                boolean inSession = random.nextBoolean();
                List<DurableHandle> owners = inSession ? w.sessionTasks : w.loneTasks;
                List<DurableHandle> parents = new ArrayList<>();
                if (!owners.isEmpty() && random.nextInt(3) == 0) {
                    parents.add(owners.get(random.nextInt(owners.size())));
                    if (owners.size() > 1 && random.nextBoolean()) {
                        DurableHandle other = owners.get(random.nextInt(owners.size()));
                        if (!parents.contains(other)) {
                            parents.add(other);
                        }
                    }
                }
                int roll = random.nextInt(10);
                int failures = roll < 6 ? 0 : roll < 9 ? 1 + random.nextInt(2) : POISON;
                DurableTask task = DurableTask.of("h", new byte[] {(byte) failures})
                    .after(parents.toArray(new DurableHandle[0])).build();
                DurableHandle h = inSession ? w.session.submit(task) : w.engine.durable().submit(task);
                failuresWanted.put(h.jobId(), failures);
                parentsOf.put(h.jobId(), parents.stream().mapToLong(DurableHandle::jobId).toArray());
                owners.add(h);
            } else if (action < 6) {
                w.cycle();
            } else if (action < 9) {
                w.runSome(random);
            } else {
                try (SqliteStore store = w.crash()) {
                    completedAtCrash.add(store.queryIds("SELECT id FROM jobs WHERE state = 'COMPLETED'"));
                    runsAtCrash.add(runs.size());
                }
                w = new World(db, failuresSoFar, failuresWanted, runs);
            }
        }
        w.finish();

        // Expected end of each job: POISON fails; a poison ancestor cancels; everything else completes.
        Map<Long, TaskState> expected = new HashMap<>();
        for (long job : new java.util.TreeSet<>(failuresWanted.keySet())) { // parents have smaller ids
            boolean ancestorFailed = false;
            for (long p : parentsOf.get(job)) {
                ancestorFailed |= expected.get(p) != TaskState.COMPLETED;
            }
            expected.put(job, ancestorFailed ? TaskState.CANCELLED
                : failuresWanted.get(job) == POISON ? TaskState.FAILED : TaskState.COMPLETED);
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            assertEquals("ok", store.integrityCheck());
            for (Map.Entry<Long, TaskState> e : expected.entrySet()) {
                JobDetails d = store.history().job(e.getKey()).orElseThrow(
                    () -> new AssertionError("job " + e.getKey() + " is not in the store"));
                assertEquals(e.getValue(), d.job().state(), "job " + e.getKey());
                long ranHere = runs.stream().filter(r -> r.job() == e.getKey()).count();
                assertTrue(d.job().attempts() >= ranHere, "job " + e.getKey() + ": " + d.job().attempts()
                    + " attempts stored, its handler ran " + ranHere + " times");
            }
        }
        for (int k = 0; k < completedAtCrash.size(); k++) {
            for (int i = runsAtCrash.get(k); i < runs.size(); i++) {
                if (completedAtCrash.get(k).contains(runs.get(i).job())) {
                    fail("job " + runs.get(i).job() + " was COMPLETED at crash " + k + " and ran again");
                }
            }
        }
        Set<Long> succeeded = new HashSet<>();
        for (Run r : runs) {
            for (long p : parentsOf.get(r.job())) {
                assertTrue(succeeded.contains(p), "job " + r.job() + " ran before its parent " + p + " completed");
            }
            if (r.ok()) {
                succeeded.add(r.job());
            }
        }
        TempFolders.delete(dir);
    }

    /** One engine's lifetime on the store. */
    private static final class World {
        final SqliteStore store;
        final Engine engine;
        final ManualClock clock = new ManualClock(1_000_000_000L);
        final ManualExecutor executor = new ManualExecutor();
        final List<Execution> held = new ArrayList<>(); // dispatched, not run yet: RUNNING
        final DurableSession session;
        final List<DurableHandle> sessionTasks = new ArrayList<>();
        final List<DurableHandle> loneTasks = new ArrayList<>();

        World(Path db, Map<Long, Integer> failuresSoFar, Map<Long, Integer> failuresWanted, List<Run> runs) {
            store = SqliteStore.at(db).open();
            Persistence p = Persistence.to(store).handler("h", (input, ctx) -> {
                long job = ctx.jobId();
                int wanted = input[0];
                int sofar = failuresSoFar.getOrDefault(job, 0);
                if (wanted == POISON) {
                    runs.add(new Run(job, false));
                    throw new PoisonException();
                }
                if (sofar < wanted) {
                    failuresSoFar.put(job, sofar + 1);
                    runs.add(new Run(job, false));
                    throw new IllegalStateException("transient failure " + (sofar + 1));
                }
                runs.add(new Run(job, true));
                return input;
            }, RetryPolicy.exponential(1000, Duration.ZERO, Duration.ZERO).noRetryOn(PoisonException.class));
            engine = Engine.builder().threading(ThreadingMode.INVOKER).clock(clock)
                .node(NodeSpec.withExecutor("manual", 3, executor)).persistence(p).build();
            session = engine.durable().sessionNamed("s").orElseGet(() -> engine.durable().openSession("s", null));
        }

        void cycle() {
            clock.advance(Duration.ofMillis(3)); // retries have no backoff, but the timer wheel has ~1 ms ticks
            engine.runUntilIdle(1000);
            held.addAll(executor.drain());
        }

        void runSome(SplittableRandom random) {
            cycle();
            int n = held.isEmpty() ? 0 : 1 + random.nextInt(held.size());
            for (int i = 0; i < n; i++) {
                held.remove(random.nextInt(held.size())).run();
            }
            engine.runUntilIdle(1000);
        }

        /** Abandons the engine as it is; closing the store commits what it journaled. */
        SqliteStore crash() {
            store.close();
            return SqliteStore.at(store.path()).open();
        }

        void finish() throws Exception {
            session.seal();
            for (int i = 0; i < 10_000 && !(engine.progress().done() == engine.progress().total() && held.isEmpty()
                && executor.pending() == 0); i++) {
                cycle();
                while (!held.isEmpty()) {
                    held.remove(0).run();
                }
            }
            engine.close();
            store.close();
        }
    }

    private static final class PoisonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PoisonException() {
            super("poison: never retried");
        }
    }
}
