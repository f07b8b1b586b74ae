package io.htcengine.examples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    @Timeout(5)
    void aLineShowsTheBarThePercentageTheCountsAndTheRate() {
        assertEquals("[####------]  40.0%  400/1,000  1,235 tasks/s   ", ProgressBar.line(400, 1_000, 1234.6, 10));
        assertEquals("[----------]   0.0%  0/5  0 tasks/s   ", ProgressBar.line(0, 5, 0, 10));
        assertEquals("[##########] 100.0%  5/5  7 tasks/s   ", ProgressBar.line(5, 5, 7, 10));
    }

    @Test
    @Timeout(10)
    void itRedrawsInPlaceAndEndsTheLineWhenClosed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong done = new AtomicLong();
        ProgressBar bar = ProgressBar.start(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, done::get);
        done.set(10);
        bar.close();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\r["), drawn);
        assertTrue(drawn.contains("] 100.0%  10/10  "), drawn);
        assertTrue(drawn.endsWith(System.lineSeparator()), drawn);
    }
}
