package io.htcengine.internal.dag;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * How each task id ended, so that a task can depend by id on a task that finished long ago — or on an id that was
 * taken but never accepted (its submit was refused) — without the engine keeping finished tasks. Two bits per id:
 * terminal, and completed; never accepted is completed alone, a pair no task can have.
 *
 * <p>Memory stays bounded however many tasks an engine runs. The bits of the most recent ids live in a ring of
 * 64-id words, at most {@value #MAX_WORDS} words (2^20 ids, 256 KB). When the oldest word of the ring is settled
 * (every id in it terminal or never accepted) it leaves the ring: a word whose ids all completed — the usual case —
 * leaves nothing behind (an id below the ring without an entry completed); any other is kept in a map of older words.
 * When the ring is full and its oldest word is not settled (a task that runs for long, or waits in a deep lane),
 * that word moves to the map as it is, and its remaining ids are recorded there when they end; an entry whose ids
 * have all completed is dropped. So the ledger holds the ring, plus 16 bytes and a map entry for each older word
 * that has a failed, cancelled or never accepted id, or a task still running.
 *
 * <p>Threading: scheduler loop only.
 */
final class TerminalLedger {
    static final int MAX_WORDS = 1 << 14;
    private static final int INITIAL_WORDS = 1 << 10;

    private final int maxWords;
    /** Ring over words {@code base} to {@code base + length - 1}: word {@code w} is at {@code w & (length - 1)}. */
    private long[] terminal;
    private long[] completed;
    private long base;
    /** Words below {@code base} not all completed: {terminal, completed}. */
    private final Long2ObjectHashMap<long[]> older = new Long2ObjectHashMap<>();

    TerminalLedger() {
        this(INITIAL_WORDS, MAX_WORDS);
    }

    /** @param initialWords the ring's first size and {@code maxWords} its largest, powers of two (tests use small ones) */
    TerminalLedger(int initialWords, int maxWords) {
        assert Integer.bitCount(initialWords) == 1 && Integer.bitCount(maxWords) == 1 && initialWords <= maxWords
            : "sizes must be powers of two, the first at most the second: " + initialWords + ", " + maxWords;
        this.maxWords = maxWords;
        this.terminal = new long[initialWords];
        this.completed = new long[terminal.length];
        recordNeverAccepted(0); // ids start at 1: id 0 is no task's, and must not keep its word from settling
    }

    void record(long id, boolean wasCompleted) {
        set(id, true, wasCompleted);
    }

    /** The id was taken by a submit that was refused: no task will ever have it. */
    void recordNeverAccepted(long id) {
        set(id, false, true);
    }

    /** @return whether the task with this id is terminal, or no task will ever have it */
    boolean isTerminal(long id) {
        long[] bits = bits(id);
        return bits == null || ((bits[0] | bits[1]) & (1L << id)) != 0;
    }

    boolean isCompleted(long id) {
        long[] bits = bits(id);
        return bits == null || (bits[0] & bits[1] & (1L << id)) != 0;
    }

    boolean isNeverAccepted(long id) {
        long[] bits = bits(id);
        return bits != null && (~bits[0] & bits[1] & (1L << id)) != 0;
    }

    /** For tests: the words held, in the ring and in the map of older words. */
    int wordsHeld() {
        return terminal.length + older.size();
    }

    private final long[] scratch = new long[2];

    /**
     * @return the two words holding the id's bits ({terminal, completed}; a scratch copy for the ring), or null when
     * the id's word left the ring with every id completed
     */
    private long[] bits(long id) {
        long word = id >>> 6;
        if (word < base) {
            return older.get(word);
        }
        if (word >= base + terminal.length) {
            scratch[0] = 0;
            scratch[1] = 0;
        } else {
            int slot = (int) word & (terminal.length - 1);
            scratch[0] = terminal[slot];
            scratch[1] = completed[slot];
        }
        return scratch;
    }

    private void set(long id, boolean isTerminal, boolean isCompleted) {
        long word = id >>> 6;
        long bit = 1L << id;
        if (word < base) {
            long[] bits = older.get(word);
            if (bits == null) {
                assert false : "id " + id + " ended twice"; // its word left with every id completed
                return;
            }
            bits[0] |= isTerminal ? bit : 0;
            bits[1] |= isCompleted ? bit : 0;
            if ((bits[0] & bits[1]) == -1L) {
                older.remove(word);
            }
            return;
        }
        if (word >= base + terminal.length) {
            makeRoomFor(word);
        }
        int slot = (int) word & (terminal.length - 1);
        terminal[slot] |= isTerminal ? bit : 0;
        completed[slot] |= isCompleted ? bit : 0;
        if (word == base) {
            settle();
        }
    }

    /** Moves settled words off the front of the ring. */
    private void settle() {
        int mask = terminal.length - 1;
        for (int slot = (int) base & mask; (terminal[slot] | completed[slot]) == -1L; slot = (int) base & mask) {
            leave(slot);
        }
    }

    /** The ring's oldest word leaves it: to the map of older words unless all its ids completed. */
    private void leave(int slot) {
        long t = terminal[slot];
        long c = completed[slot];
        if ((t & c) != -1L) {
            older.put(base, new long[] {t, c});
        }
        terminal[slot] = 0;
        completed[slot] = 0;
        base++;
    }

    private void makeRoomFor(long word) {
        while (word >= base + terminal.length && terminal.length < maxWords) {
            grow();
        }
        while (word >= base + terminal.length) { // full: the oldest word leaves as it is
            leave((int) base & (terminal.length - 1));
            settle();
        }
    }

    private void grow() {
        int length = terminal.length;
        long[] t = new long[length * 2];
        long[] c = new long[length * 2];
        for (long w = base; w < base + length; w++) {
            t[(int) w & (2 * length - 1)] = terminal[(int) w & (length - 1)];
            c[(int) w & (2 * length - 1)] = completed[(int) w & (length - 1)];
        }
        terminal = t;
        completed = c;
    }
}
