package io.htcengine.examples.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place ({@code \r}) about ten times a second by its own daemon thread:
 * {@code [########------------]  40.0%  400,000/1,000,000  312,000 tasks/s}. The rate is over the last second.
 *
 * <p>Threading: {@link #start} and {@link #close} from the thread that owns it; {@code done} is polled from the
 * bar's thread, so it must be safe to call from any thread.
 */
final class ProgressBar implements AutoCloseable {
    private static final long TICK_MS = 100;
    private static final int WINDOW = 10; // ticks the rate is averaged over
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final LongSupplier done;
    private final Thread thread;
    private final long startNs = System.nanoTime();
    private volatile boolean running = true;

    private ProgressBar(PrintStream out, long total, LongSupplier done) {
        this.out = out;
        this.total = total;
        this.done = done;
        this.thread = new Thread(this::redrawLoop, "htc-progress");
        this.thread.setDaemon(true);
    }

    /** Starts drawing the progress of {@code total} tasks, of which {@code done} have finished. */
    static ProgressBar start(PrintStream out, long total, LongSupplier done) {
        ProgressBar bar = new ProgressBar(out, total, done);
        bar.thread.start();
        return bar;
    }

    private void redrawLoop() {
        long[] doneAt = new long[WINDOW];
        long[] timeAt = new long[WINDOW];
        for (int tick = 0; running; tick++) {
            long now = System.nanoTime();
            long finished = done.getAsLong();
            int oldest = tick < WINDOW ? 0 : tick % WINDOW;
            long oldDone = tick < WINDOW ? 0 : doneAt[oldest];
            long oldTime = tick < WINDOW ? startNs : timeAt[oldest];
            doneAt[tick % WINDOW] = finished;
            timeAt[tick % WINDOW] = now;
            draw(finished, perSecond(finished - oldDone, now - oldTime));
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the thread and draws the final state with the average rate, ending the line. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the bar's thread ends on its own; draw the final line anyway
        }
        long finished = done.getAsLong();
        draw(finished, perSecond(finished, System.nanoTime() - startNs));
        out.println();
    }

    private void draw(long finished, double rate) {
        out.print('\r' + line(finished, total, rate, WIDTH));
        out.flush();
    }

    private static double perSecond(long count, long elapsedNs) {
        return elapsedNs <= 0 ? 0 : count * 1e9 / elapsedNs;
    }

    /** @return the bar's text for {@code done} of {@code total} at {@code rate} tasks a second. */
    static String line(long done, long total, double rate, int width) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * width);
        return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d/%,d  %,.0f tasks/s   ",
            "#".repeat(filled), "-".repeat(width - filled), fraction * 100, done, total, rate);
    }
}
