package io.htcengine.sqlite;

import io.htcengine.api.Durability;
import io.htcengine.api.DurableHandle;
import io.htcengine.api.DurableHandler;
import io.htcengine.api.DurableSession;
import io.htcengine.api.DurableTask;
import io.htcengine.api.Engine;
import io.htcengine.api.ManualClock;
import io.htcengine.api.NodeSpec;
import io.htcengine.api.Persistence;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.SessionState;
import io.htcengine.api.TaskState;
import io.htcengine.api.ThreadingMode;
import io.htcengine.spi.Execution;
import io.htcengine.spi.ManualExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Durable tasks through a real store, with the engine in invoker mode on a manual clock and a manual executor: every
 * step is explicit. A "crash" is an engine abandoned mid-run (never shut down) whose store is then closed, which
 * commits exactly what the engine had journaled — what a killed process leaves when its last batch committed.
 */
@Timeout(60)
class DurableEngineTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> seen = new ArrayList<>();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private final DurableHandler upper = (input, ctx) -> {
        seen.add(text(input) + "#" + ctx.attempt() + (ctx.checkpoint() == null ? "" : "@" + text(ctx.checkpoint())));
        return bytes(text(input).toUpperCase(java.util.Locale.ROOT));
    };

    private Engine engine(SqliteStore store, Persistence persistence) {
        return Engine.builder().threading(ThreadingMode.INVOKER).clock(clock)
            .node(NodeSpec.withExecutor("manual", 4, executor)).persistence(persistence).build();
    }

    private Persistence persistence(SqliteStore store) {
        return Persistence.to(store).handler("upper", upper, RetryPolicy.exponential(3, Duration.ZERO, Duration.ZERO));
    }

    private void runAll(Engine engine) {
        for (int i = 0; i < 100; i++) {
            engine.runUntilIdle(1000);
            List<Execution> running = executor.drain();
            if (running.isEmpty()) {
                return;
            }
            running.forEach(Execution::run);
        }
    }

    private Map<Long, String> jobStates(Path db) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, state, attempts FROM jobs")) {
            while (r.next()) {
                out.put(r.getLong(1), r.getString(2) + "/" + r.getInt(3));
            }
        }
        return out;
    }

    @Test
    void durableTasksRunAndEveryTransitionIsStored() throws Exception {
        Path db = dir.resolve("a.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store));
            DurableHandle a = engine.durable().submit(DurableTask.of("upper", bytes("abc")).tenant("alice").build());
            DurableHandle b = engine.durable().submit(DurableTask.of("upper", bytes("xyz")).priority(9).build());
            runAll(engine);
            assertEquals("ABC", text(a.task().future().join()));
            assertEquals("XYZ", text(b.task().future().join()));
            engine.close();
            store.flush();
            assertEquals(Map.of(1L, "COMPLETED/1", 2L, "COMPLETED/1"), jobStates(db));
            JobDetails first = store.history().job(a.jobId()).orElseThrow();
            assertEquals("ABC", text(first.output()));
            assertEquals("alice", first.job().tenant());
            assertEquals(1, first.attempts().size());
            assertEquals("ok", store.integrityCheck());
        }
    }

    @Test
    void recoveryRequeuesQueuedAndRetriesRunningWithTheAttemptCounted() throws Exception {
        Path db = dir.resolve("r.db");
        long sessionId;
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine crashed = engine(store, persistence(store));
            DurableSession session = crashed.durable().openSession("book", "alice");
            sessionId = session.id();
            session.submit(DurableTask.of("upper", bytes("one")).build());
            session.submit(DurableTask.of("upper", bytes("two")).build());
            session.submit(DurableTask.of("upper", bytes("three")).build());
            session.seal();
            crashed.runUntilIdle(1000);
            List<Execution> running = executor.drain(); // all three RUNNING
            assertEquals(3, running.size());
            running.get(0).run();                        // "one" completes
            crashed.runUntilIdle(1000);
            // crash: the engine is abandoned with "two" and "three" RUNNING; the store commits what was journaled
        }
        assertEquals(Map.of(1L, "COMPLETED/1", 2L, "RUNNING/1", 3L, "RUNNING/1"), jobStates(db));
        seen.clear();
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store));
            assertEquals(2, engine.durable().recovered());
            DurableSession session = engine.durable().session(sessionId).orElseThrow();
            assertEquals("book", session.name());
            assertEquals(2, session.recovered());
            runAll(engine);
            assertEquals(List.of("two#2", "three#2"), seen.stream().sorted(java.util.Comparator.reverseOrder()).toList());
            assertEquals(SessionState.COMPLETED, session.session().future().join().state());
            engine.close();
            store.flush();
            assertEquals(Map.of(1L, "COMPLETED/1", 2L, "COMPLETED/2", 3L, "COMPLETED/2"), jobStates(db));
            List<JobDetails.Attempt> attempts = store.history().job(2).orElseThrow().attempts();
            assertEquals("RETRY", attempts.get(0).outcome()); // the attempt cut short by the crash
            assertEquals("the engine stopped during attempt 1; it runs again", attempts.get(0).error());
            assertEquals("COMPLETED", attempts.get(1).outcome());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT state FROM sessions WHERE id = " + sessionId)) {
                r.next();
                assertEquals("COMPLETED", r.getString(1));
            }
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store));
            assertEquals(0, engine.durable().recovered(), "terminal tasks stay as history");
            engine.close();
        }
    }

    @Test
    void aCheckpointIsHandedToTheNextAttemptAlsoAfterACrash() throws Exception {
        Path db = dir.resolve("c.db");
        List<String> attempts = new ArrayList<>();
        DurableHandler stepper = (input, ctx) -> {
            attempts.add(ctx.attempt() + ":" + text(ctx.checkpoint()));
            ctx.saveCheckpoint(bytes("step" + ctx.attempt()));
            if (ctx.attempt() == 1) {
                throw new IllegalStateException("first attempt fails after its checkpoint");
            }
            return bytes("done");
        };
        Persistence p1;
        try (SqliteStore store = SqliteStore.at(db).open()) {
            p1 = Persistence.to(store).handler("step", stepper, RetryPolicy.exponential(5, Duration.ZERO, Duration.ZERO));
            Engine crashed = engine(store, p1);
            crashed.durable().submit(DurableTask.of("step", new byte[0]).build());
            crashed.runUntilIdle(100);
            executor.drain().forEach(Execution::run); // attempt 1: saves step1, fails
            crashed.runUntilIdle(100);                // RETRY, then QUEUED (zero backoff), RUNNING again
            clock.advance(Duration.ofMillis(5));
            crashed.runUntilIdle(100);
            List<Execution> second = executor.drain();
            assertEquals(1, second.size());
            // attempt 2 is RUNNING when the engine crashes; it never ran
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, Persistence.to(store).handler("step", stepper,
                RetryPolicy.exponential(5, Duration.ZERO, Duration.ZERO)));
            runAll(engine);
            engine.close();
            store.flush();
            assertEquals(List.of("1:null", "3:step1"), attempts);
            assertEquals(Map.of(1L, "COMPLETED/3"), jobStates(db));
        }
    }

    @Test
    void syncSubmitReturnsOnlyAfterTheCommit() throws Exception {
        Path db = dir.resolve("s.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store).durability(Durability.SYNC));
            DurableHandle h = engine.durable().submit(DurableTask.of("upper", bytes("now")).build());
            // No flush, no engine cycle: the row is already committed, visible to another connection.
            assertEquals(Map.of(h.jobId(), "SUBMITTED/0"), jobStates(db));
            runAll(engine);
            engine.close();
        }
    }

    @Test
    void unmetDependenciesAreRestored() throws Exception {
        Path db = dir.resolve("d.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine crashed = engine(store, persistence(store));
            DurableSession s = crashed.durable().openSession("dag", null);
            DurableHandle parent = s.submit(DurableTask.of("upper", bytes("parent")).build());
            s.submit(DurableTask.of("upper", bytes("child")).after(parent).build());
            crashed.runUntilIdle(1000); // parent RUNNING, child QUEUED waiting for it
            assertEquals(1, executor.drain().size());
        }
        seen.clear();
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store));
            assertEquals(2, engine.durable().recovered());
            engine.runUntilIdle(1000);
            List<Execution> first = executor.drain();
            assertEquals(1, first.size(), "the child waits for its parent");
            first.get(0).run();
            runAll(engine);
            assertEquals(List.of("parent#2", "child#1"), seen);
            engine.close();
        }
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() throws Exception {
        Path db = dir.resolve("b.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.durable().submit(DurableTask.of("nope", new byte[0]).build()));
            assertTrue(e.getMessage().contains("handler must be one of the registered names [upper]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> DurableTask.of("upper", null));
            assertTrue(e.getMessage().startsWith("input must not be null"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> DurableTask.of("upper", new byte[0]).priority(11).build());
            assertTrue(e.getMessage().startsWith("priority must be between 1 and 10"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> engine.durable().openSession(" ", null));
            assertTrue(e.getMessage().startsWith("name must be"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Persistence.to(store).handler("x", upper).handler("x", upper));
            assertTrue(e.getMessage().contains("'x' is registered twice"), e.getMessage());
            engine.close();
        }
        assertThrows(IllegalStateException.class, () -> Engine.builder().build().durable());
    }

    @Test
    void aStoredTaskWhoseHandlerIsNotRegisteredFailsTheBuild() throws Exception {
        Path db = dir.resolve("u.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine crashed = engine(store, persistence(store));
            crashed.durable().submit(DurableTask.of("upper", bytes("x")).build());
        }
        try (SqliteStore store = SqliteStore.at(db).open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> engine(store, Persistence.to(store).handler("other", upper)));
            assertTrue(e.getMessage().contains("[upper]"), e.getMessage());
        }
    }

    @Test
    void nonDurableTasksAreNotJournaled() throws Exception {
        Path db = dir.resolve("n.db");
        try (SqliteStore store = SqliteStore.at(db).open()) {
            Engine engine = engine(store, persistence(store));
            io.htcengine.api.TaskSpec<Integer, Integer> plain = io.htcengine.api.TaskSpec.of(
                (Integer x, io.htcengine.api.TaskContext c) -> x + 1).build();
            var h = engine.submit(plain, 41);
            runAll(engine);
            assertEquals(42, h.future().join());
            engine.close();
            store.flush();
            assertTrue(jobStates(db).isEmpty());
            assertNull(engine.durable().sessionNamed("none").orElse(null));
            assertEquals(TaskState.COMPLETED, h.state());
        }
    }
}
