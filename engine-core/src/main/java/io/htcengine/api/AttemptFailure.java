package io.htcengine.api;

/**
 * One failed attempt of a task, as the dead-letter list keeps it.
 *
 * @param attempt    the attempt number, from 1
 * @param startedNs  when it was dispatched, on the engine's clock
 * @param endedNs    when its failure was reported, on the engine's clock
 * @param node       the node it ran on
 * @param error      the exception's class and message, e.g. {@code java.io.IOException: disk full}
 */
public record AttemptFailure(int attempt, long startedNs, long endedNs, String node, String error) {
}
