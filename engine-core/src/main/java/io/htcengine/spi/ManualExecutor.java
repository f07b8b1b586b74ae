package io.htcengine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An executor that runs nothing by itself: dispatched executions wait here until the test runs,
 * completes or fails them. With {@code ThreadingMode.INVOKER} and a {@code ManualClock}, this makes every
 * step of a run explicit and deterministic — the way to unit-test scheduling behaviour.
 *
 * <p>Threading: {@link #execute} is called by the scheduler; the other methods may be called from any thread.
 */
public final class ManualExecutor implements NodeExecutor {
    private final ConcurrentLinkedQueue<Execution> dispatched = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Execution execution) {
        dispatched.add(execution);
    }

    /** @return how many dispatched executions have not been taken yet. */
    public int pending() {
        return dispatched.size();
    }

    /** @return the oldest dispatched execution not yet taken, or null; the caller must report it. */
    public Execution poll() {
        return dispatched.poll();
    }

    /** Takes every waiting execution; the caller must report each. */
    public List<Execution> drain() {
        List<Execution> out = new ArrayList<>();
        for (Execution e; (e = dispatched.poll()) != null; ) {
            out.add(e);
        }
        return out;
    }

    /** Runs the handlers of every waiting execution on the calling thread. @return how many ran. */
    public int runAll() {
        int ran = 0;
        for (Execution e; (e = dispatched.poll()) != null; ran++) {
            e.run();
        }
        return ran;
    }
}
