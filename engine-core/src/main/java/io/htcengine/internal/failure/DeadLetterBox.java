package io.htcengine.internal.failure;

import io.htcengine.api.AttemptFailure;
import io.htcengine.api.DeadLetter;
import io.htcengine.api.DeadLetters;
import io.htcengine.api.TaskHandle;
import io.htcengine.api.TaskSpec;
import io.htcengine.internal.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;

/**
 * The dead-letter list: a lock-free ordered map by task id. The scheduler loop adds; any thread reads, resubmits
 * or purges. Each entry keeps the spec so a resubmit needs nothing else.
 */
public final class DeadLetterBox implements DeadLetters {
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final BiFunction<TaskSpec<?, ?>, Object, TaskHandle<?>> submit;

    private record Entry(DeadLetter letter, TaskSpec<?, ?> spec) {
    }

    /** @param submit how a resubmit submits: the engine's own submit */
    public DeadLetterBox(BiFunction<TaskSpec<?, ?>, Object, TaskHandle<?>> submit) {
        this.submit = submit;
    }

    /** Scheduler loop: a task reached FAILED. */
    public void add(Task task) {
        List<AttemptFailure> failures = task.failures == null ? List.of() : List.copyOf(task.failures);
        DeadLetter letter = new DeadLetter(task.id(), task.name(), task.sessionId(), task.priority(), task.input(),
            failures, task.error());
        entries.put(task.id(), new Entry(letter, task.spec()));
    }

    @Override
    public List<DeadLetter> list() {
        List<DeadLetter> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            out.add(e.letter());
        }
        return out;
    }

    @Override
    public Optional<DeadLetter> get(long taskId) {
        Entry e = entries.get(taskId);
        return e == null ? Optional.empty() : Optional.of(e.letter());
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TaskHandle<Object> resubmit(long taskId) {
        Entry e = entries.get(taskId);
        if (e == null) {
            throw new IllegalArgumentException("no dead letter has task id " + taskId + "; list() shows those kept");
        }
        TaskHandle<?> handle = submit.apply(e.spec(), e.letter().input()); // may throw: then it stays listed
        entries.remove(taskId, e);
        return (TaskHandle<Object>) handle;
    }

    @Override
    public boolean purge(long taskId) {
        return entries.remove(taskId) != null;
    }

    @Override
    public int purgeAll() {
        int n = 0;
        for (Long id : entries.keySet()) {
            if (entries.remove(id) != null) {
                n++;
            }
        }
        return n;
    }
}
