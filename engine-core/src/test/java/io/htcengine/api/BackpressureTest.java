package io.htcengine.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full lane says no or waits, as configured; it never drops an accepted task. */
class BackpressureTest {

    @Test
    void trySubmitSaysNoWhenTheLaneIsFullAndOtherLanesStillAccept() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16))) {
            for (int i = 0; i < 16; i++) {
                assertNotNull(h.engine.trySubmit(Harness.echo(3), i));
            }
            assertNull(h.engine.trySubmit(Harness.echo(3), 16));
            assertNotNull(h.engine.trySubmit(Harness.echo(4), 0), "each priority has its own lane");
            h.settle();
            assertNotNull(h.engine.trySubmit(Harness.echo(3), 17), "admission made room");
            assertEquals(17, h.engine.progress().queued() + h.engine.progress().running());
        }
    }

    @Test
    void submitThrowsWhenConfiguredTo() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16).backpressure(BackpressureMode.THROW))) {
            for (int i = 0; i < 16; i++) {
                h.engine.submit(Harness.echo(7), i);
            }
            LaneFullException e = assertThrows(LaneFullException.class, () -> h.engine.submit(Harness.echo(7), 16));
            assertEquals(7, e.priority());
            assertTrue(e.getMessage().contains("priority 7") && e.getMessage().contains("laneCapacity 16"), e.getMessage());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void submitWaitsForRoomThenIsAccepted() throws Exception {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16))) {
            h.settle(); // this thread now drives the loop
            for (int i = 0; i < 16; i++) {
                h.engine.submit(Harness.echo(2), i);
            }
            CompletableFuture<TaskHandle<Integer>> blocked =
                CompletableFuture.supplyAsync(() -> h.engine.submit(Harness.echo(2), 16));
            assertFalse(blocked.isDone());
            while (!blocked.isDone()) {
                h.engine.doWork(); // admission frees the lane; no sleeping
            }
            assertNotNull(blocked.get(), "accepted once there was room");
            h.settle();
            assertEquals(17, h.engine.progress().queued() + h.engine.progress().running());
        }
    }

    @Test
    void theThreadDrivingAnInvokerEngineIsToldRatherThanDeadlocked() {
        try (Harness h = new Harness(1, Engine.builder().laneCapacity(16))) {
            h.settle();
            for (int i = 0; i < 16; i++) {
                h.engine.submit(Harness.echo(2), i);
            }
            assertThrows(LaneFullException.class, () -> h.engine.submit(Harness.echo(2), 16));
        }
    }
}
