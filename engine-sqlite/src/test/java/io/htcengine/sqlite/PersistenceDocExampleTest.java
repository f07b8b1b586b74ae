package io.htcengine.sqlite;

import io.htcengine.api.Durability;
import io.htcengine.api.DurableSession;
import io.htcengine.api.DurableTask;
import io.htcengine.api.Engine;
import io.htcengine.api.Persistence;
import io.htcengine.api.RetryPolicy;
import io.htcengine.api.SessionState;
import io.htcengine.api.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example at the top of docs/persistence.md, as written there (keep the two in step), run twice on one file. */
class PersistenceDocExampleTest {
    @TempDir
    Path dir;

    private static byte[] price(byte[] input) {
        return new byte[] {(byte) (input[0] * 2)};
    }

    @Test
    @Timeout(60)
    void theDocumentedExampleRunsAndASecondRunFindsItsHistory() throws Exception {
        Path file = dir.resolve("jobs.db");
        byte[] bytes = {21};
        for (int run = 0; run < 2; run++) {
            // ---- as in docs/persistence.md ----
            try (SqliteStore store = SqliteStore.at(file).open()) {          // refuses a foreign or damaged file
                Persistence persistence = Persistence.to(store)
                    .durability(Durability.SYNC)                                          // default ASYNC
                    .handler("price", (input, ctx) -> price(input), RetryPolicy.exponential(3, ofMillis(10), ofSeconds(1)));
                try (Engine engine = Engine.builder().persistence(persistence).build()) {  // recovers before it returns
                    DurableSession book = engine.durable().sessionNamed("book")
                        .orElseGet(() -> engine.durable().openSession("book", "risk-team"));
                    book.submit(DurableTask.of("price", bytes).priority(7).build());
                    book.seal();
                    assertEquals(SessionState.COMPLETED, book.session().future().join().state());
                }                                                                          // close the engine first,
                // ---- end of the example ----
                store.flush();
                JobPage jobs = store.history().list(JobQuery.all().states(TaskState.COMPLETED).tenant("risk-team"));
                assertEquals(run + 1, jobs.jobs().size());
                assertEquals(42, store.history().job(jobs.jobs().get(0).jobId()).orElseThrow().output()[0]);
            }                                                                              // then the store
        }
    }
}
