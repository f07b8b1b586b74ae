package io.htcengine.internal.dag;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger of finished ids against a map of every id's outcome, with rings small enough to wrap and fill. */
class TerminalLedgerProperties {
    private enum Outcome { COMPLETED, ENDED, NEVER_ACCEPTED }

    /**
     * Ids 1..n end in an order close to the order they were issued (each one up to {@code spread} places late), a few
     * much later (stragglers) or never; some are never accepted, some fail. After every step, a sample of ids (ended,
     * running, and not issued yet) reads the same from the ledger as from the model.
     */
    @Property(tries = 200)
    void answersAsAMapOfEveryIdsOutcome(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n,
                                        @ForAll @IntRange(min = 0, max = 200) int spread,
                                        @ForAll @IntRange(min = 0, max = 6) int ringPower) {
        Random r = new Random(seed);
        // A ring that starts at one word and grows to 1-64 words (64 to 4,096 ids): it fills, or it does not.
        TerminalLedger ledger = new TerminalLedger(1, 1 << ringPower);
        Map<Long, Outcome> model = new HashMap<>();
        model.put(0L, Outcome.NEVER_ACCEPTED);
        List<Long> order = new ArrayList<>();
        List<Long> stragglers = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            int roll = r.nextInt(100);
            if (roll < 3) {
                stragglers.add(id);
            } else if (roll >= 5) { // 2 % never end (still running when the property ends)
                order.add(id);
            }
        }
        // Up to `spread` places late: sort by id plus a random delay.
        Map<Long, Integer> key = new HashMap<>();
        for (long id : order) {
            key.put(id, (int) id + r.nextInt(spread + 1));
        }
        order.sort((a, b) -> Integer.compare(key.get(a), key.get(b)));
        Collections.shuffle(stragglers, r);
        order.addAll(stragglers);
        for (long id : order) {
            int roll = r.nextInt(100);
            Outcome outcome = roll < 80 ? Outcome.COMPLETED : roll < 95 ? Outcome.ENDED : Outcome.NEVER_ACCEPTED;
            switch (outcome) {
                case COMPLETED -> ledger.record(id, true);
                case ENDED -> ledger.record(id, false);
                default -> ledger.recordNeverAccepted(id);
            }
            model.put(id, outcome);
            for (int k = 0; k < 8; k++) {
                check(ledger, model, r.nextInt(n + 100));
            }
            check(ledger, model, id);
        }
        for (long id = 0; id <= n + 64; id++) {
            check(ledger, model, id);
        }
    }

    private static void check(TerminalLedger ledger, Map<Long, Outcome> model, long id) {
        Outcome o = model.get(id);
        assertEquals(o != null, ledger.isTerminal(id), "isTerminal(" + id + ")");
        assertEquals(o == Outcome.COMPLETED, ledger.isCompleted(id), "isCompleted(" + id + ")");
        assertEquals(o == Outcome.NEVER_ACCEPTED, ledger.isNeverAccepted(id), "isNeverAccepted(" + id + ")");
    }

    @Test
    void tenMillionCompletedTasksAndOneThatNeverEndsHoldAFewWordsNotTwoBitsEach() {
        TerminalLedger ledger = new TerminalLedger();
        long forever = 5;
        long failed = 7_000_003;
        for (long id = 1; id <= 10_000_000; id++) {
            if (id != forever) {
                ledger.record(id, id != failed);
            }
        }
        // The ring (at most MAX_WORDS), and two older words: the first (the task still running; id 0, no task's), and
        // the one with a failure. Two bits per id would be 156,250 words.
        assertTrue(ledger.wordsHeld() <= TerminalLedger.MAX_WORDS + 2, "words held: " + ledger.wordsHeld());
        assertTrue(!ledger.isTerminal(forever) && ledger.isCompleted(forever + 1) && !ledger.isCompleted(failed)
            && ledger.isTerminal(failed) && ledger.isCompleted(failed + 1) && !ledger.isTerminal(10_000_001));
        ledger.record(forever, true);
        assertTrue(ledger.isCompleted(forever), "a task that ends after its word left the ring is recorded there");
        assertTrue(ledger.wordsHeld() <= TerminalLedger.MAX_WORDS + 2, "words held: " + ledger.wordsHeld());
    }
}
