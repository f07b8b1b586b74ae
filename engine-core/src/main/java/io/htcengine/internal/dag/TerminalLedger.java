package io.htcengine.internal.dag;

import java.util.Arrays;

/**
 * Two bits per task id ever admitted: terminal, and completed — or, for an id that was taken but never accepted
 * (its submit was refused), completed alone, a pair no task can have. Lets a task depend by id on a task that
 * finished long ago, or never existed, without the engine keeping finished tasks. Grows with the highest id (2 bits per task: 250 KB per
 * million tasks). Ids up to 2^37 (137 billion tasks) fit its int-indexed words.
 *
 * <p>Threading: scheduler loop only.
 */
final class TerminalLedger {
    private long[] terminal = new long[1024];
    private long[] completed = new long[1024];

    void record(long id, boolean wasCompleted) {
        int word = reserve(id);
        long bit = 1L << id;
        terminal[word] |= bit;
        if (wasCompleted) {
            completed[word] |= bit;
        }
    }

    /** The id was taken by a submit that was refused: no task will ever have it. */
    void recordNeverAccepted(long id) {
        completed[reserve(id)] |= 1L << id;
    }

    private int reserve(long id) {
        int word = (int) (id >>> 6);
        if (word >= terminal.length) {
            int size = Math.max(word + 1, terminal.length * 2);
            terminal = Arrays.copyOf(terminal, size);
            completed = Arrays.copyOf(completed, size);
        }
        return word;
    }

    /** @return whether the task with this id is terminal, or no task will ever have it */
    boolean isTerminal(long id) {
        int word = (int) (id >>> 6);
        return word < terminal.length && ((terminal[word] | completed[word]) & (1L << id)) != 0;
    }

    boolean isCompleted(long id) {
        int word = (int) (id >>> 6);
        return word < completed.length && (terminal[word] & completed[word] & (1L << id)) != 0;
    }

    boolean isNeverAccepted(long id) {
        int word = (int) (id >>> 6);
        return word < completed.length && (~terminal[word] & completed[word] & (1L << id)) != 0;
    }
}
