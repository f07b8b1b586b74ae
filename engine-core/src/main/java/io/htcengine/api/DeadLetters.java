package io.htcengine.api;

import java.util.List;
import java.util.Optional;

/**
 * The engine's dead-letter list: every task that FAILED, with its attempts' history. Nothing leaves it until the
 * host resubmits or purges it. Safe to use from any thread; lock-free.
 */
public interface DeadLetters {
    /** @return the dead letters, oldest task id first. */
    List<DeadLetter> list();

    Optional<DeadLetter> get(long taskId);

    int size();

    /**
     * Submits the task again, as a new lone task with the same spec and input and fresh attempts, and removes it
     * from the list.
     *
     * @throws IllegalArgumentException if no dead letter has that task id
     */
    TaskHandle<Object> resubmit(long taskId);

    /** Removes one. @return false when there was none with that id. */
    boolean purge(long taskId);

    /** Removes all. @return how many were removed. */
    int purgeAll();
}
