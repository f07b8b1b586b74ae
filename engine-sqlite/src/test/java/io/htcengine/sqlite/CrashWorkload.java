package io.htcengine.sqlite;

import io.htcengine.api.Durability;
import io.htcengine.api.DurableSession;
import io.htcengine.api.Engine;
import io.htcengine.api.DurableTask;
import io.htcengine.api.Persistence;
import io.htcengine.api.RetryPolicy;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link CrashRecoveryTest}: a durable workload the test kills with SIGKILL at random moments.
 *
 * <p>Arguments: {@code <store> <effect log> run|finish}. It opens the store (recovering whatever a killed predecessor
 * left) and finds or opens the session "crash". In {@code run} mode it submits tasks in SYNC mode until it is killed,
 * printing {@code ACK <jobId>} after each submit returns (so every acknowledged job is committed). In {@code finish}
 * mode it seals the session, waits for it and prints {@code DONE}. Each task's handler appends
 * {@code <jobId> <attempt>} to the effect log when it finishes — the side effect whose repetitions the test counts.
 */
public final class CrashWorkload {
    private CrashWorkload() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path effects = Path.of(args[1]);
        boolean finish = "finish".equals(args[2]);
        PrintStream out = System.out;
        try (FileChannel log = FileChannel.open(effects, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                 StandardOpenOption.APPEND);
             SqliteStore store = SqliteStore.at(db).sync(SqliteStore.Sync.NORMAL).busyTimeout(Duration.ofSeconds(10))
                 .open()) {
            Persistence persistence = Persistence.to(store).durability(Durability.SYNC)
                .handler("work", (input, ctx) -> {
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000, 400_000));
                    ByteBuffer line = ByteBuffer.wrap((ctx.jobId() + " " + ctx.attempt() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                    while (line.hasRemaining()) {
                        log.write(line);
                    }
                    return input;
                }, RetryPolicy.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5)));
            try (Engine engine = Engine.builder().name("crash").workerThreads(4).persistence(persistence).build()) {
                out.println("RECOVERED " + engine.durable().recovered());
                out.flush();
                DurableSession session = engine.durable().sessionNamed("crash").orElse(null);
                if (session == null) {
                    if (!store.history().list(JobQuery.all().limit(1)).jobs().isEmpty()) {
                        out.println("DONE"); // the session finished in an earlier run
                        out.flush();
                        return;
                    }
                    session = engine.durable().openSession("crash", "tester");
                }
                if (!finish) {
                    for (long i = 0; ; i++) { // until killed
                        long job = session.submit(DurableTask.of("work", new byte[] {(byte) i}).build()).jobId();
                        out.println("ACK " + job);
                        out.flush();
                    }
                }
                session.seal();
                session.session().future().join();
                out.println("DONE");
                out.flush();
            }
        }
    }
}
