package io.htcengine.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A task's future asked for just as the task ends still completes. The loop writes the terminal state and then looks
 * for a future; {@code future()} sets one and then looks at the state; one of the two must see the other. While the
 * state was written with a release store, the loop's look could pass it on x86 and both missed: about one future in
 * 50,000 asked for at that moment never completed, though its task was COMPLETED. Real threads: the moment is hit by
 * asking for each future after a random pause of up to 120 µs, around when a no-op task ends.
 */
@Timeout(300)
class FutureRaceTest {

    @Test
    void aFutureAskedForAsItsTaskEndsCompletes() throws Exception {
        askAsTasksEnd(20_000); // bounded for the default run (~1.5 s); it caught the old order in about half its runs
    }

    @Test
    @Tag("stress")
    void aFutureAskedForAsItsTaskEndsCompletesUnderStress() throws Exception {
        askAsTasksEnd(400_000); // the old order lost a future in every run of 200,000
    }

    private static void askAsTasksEnd(int tasks) throws InterruptedException, ExecutionException {
        try (Engine engine = Engine.builder().name("future-race").workerThreads(2).build()) {
            TaskSpec<Integer, Integer> echo = TaskSpec.of((Integer x, TaskContext c) -> x).name("echo").build();
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < tasks; i++) {
                TaskHandle<Integer> task = engine.submit(echo, i);
                long until = System.nanoTime() + random.nextInt(120_000);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                try {
                    assertEquals(i, task.future().get(10, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    fail("task " + task.id() + " (number " + i + ") is " + task.state() + ", but its future never "
                        + "completed");
                }
            }
        }
    }
}
