package io.htcengine.internal.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default idle strategy announces a sleep only just before it parks, and never misses an offer. */
class WakeupIdleStrategyTest {
    private static final int SPINS = 3;
    private static final int YIELDS = 2;

    @Test
    void spinningAndYieldingLeaveProducersAlone() {
        Wakeup wakeup = new Wakeup();
        wakeup.bind();
        WakeupIdleStrategy idle = new WakeupIdleStrategy(wakeup, () -> true, SPINS, YIELDS, 1_000, 1_000);
        for (int i = 0; i < SPINS + YIELDS; i++) {
            idle.idle(0);
            assertFalse(wakeup.isSleeping(), "no announcement while only spinning or yielding (idle call " + i + ")");
        }
        assertTrue(wakeup.idleCycle(() -> false), "a cycle with no work may idle: the strategy announces, not the cycle");
        assertFalse(wakeup.isSleeping());
    }

    @Test
    void announcesBeforeParkingAndAProducerLowersTheFlag() {
        Wakeup wakeup = new Wakeup();
        wakeup.bind();
        WakeupIdleStrategy idle = new WakeupIdleStrategy(wakeup, () -> true, 0, 0, 1_000, 1_000);
        idle.idle(0); // parks for 1 µs after raising the flag
        assertTrue(wakeup.isSleeping(), "the flag stays up until the next cycle or a producer lowers it");
        wakeup.wake();
        assertFalse(wakeup.isSleeping(), "the first producer to see the flag lowers it (and unparks the owner)");
        idle.idle(0);
        wakeup.awake();
        assertFalse(wakeup.isSleeping(), "the owner lowers its own flag when it starts a cycle");
    }

    @Test
    @Timeout(10)
    void theLongestParkIsAskedAtEveryPark() {
        Wakeup wakeup = new Wakeup();
        wakeup.bind();
        java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong(60_000_000_000L);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // Parks would start at 60 s: only the owner's answer at each park (1 µs once a timer is due) ends them in time.
        WakeupIdleStrategy idle = new WakeupIdleStrategy(wakeup, () -> true, 0, 0, 60_000_000_000L, () -> {
            asked.incrementAndGet();
            return longest.get();
        });
        longest.set(1_000);
        for (int i = 0; i < 3; i++) {
            idle.idle(0);
            wakeup.awake();
        }
        org.junit.jupiter.api.Assertions.assertEquals(3, asked.get(), "asked once per park");
    }

    @Test
    @Timeout(10)
    void workThatArrivedBeforeTheAnnouncementKeepsTheOwnerAwake() {
        Wakeup wakeup = new Wakeup();
        wakeup.bind();
        // Inputs are not empty when it announces: it must not park (a 60 s park would fail the timeout).
        WakeupIdleStrategy idle = new WakeupIdleStrategy(wakeup, () -> false, 0, 0, 60_000_000_000L, 60_000_000_000L);
        idle.idle(0);
        assertFalse(wakeup.isSleeping());
    }

    @Test
    @Timeout(10)
    void anOfferDuringAParkWakesTheOwner() throws InterruptedException {
        Wakeup wakeup = new Wakeup();
        AtomicBoolean input = new AtomicBoolean();
        CountDownLatch parkedOnce = new CountDownLatch(1);
        CountDownLatch sawInput = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            wakeup.bind();
            // A park period far beyond the test's timeout: only the producer's wake can end it in time.
            WakeupIdleStrategy idle = new WakeupIdleStrategy(wakeup, () -> !input.get(), 0, 0, 60_000_000_000L,
                60_000_000_000L);
            while (!input.get()) {
                parkedOnce.countDown();
                idle.idle(0);
                wakeup.awake();
            }
            sawInput.countDown();
        });
        owner.setDaemon(true);
        owner.start();
        parkedOnce.await();
        input.set(true);  // the producer's offer ...
        wakeup.wake();    // ... then its wake-up, as Inbox does
        assertTrue(sawInput.await(9, TimeUnit.SECONDS), "the owner saw the offer instead of sleeping through it");
    }
}
