package io.htcengine.internal.loop;

import io.htcengine.api.FailurePolicy;
import io.htcengine.internal.task.Task;
import io.htcengine.internal.task.TaskOwner;
import io.htcengine.spi.UsageSample;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A task owner for tests that make tasks without an engine: nothing goes anywhere; its failure policy is given. */
final class StubOwner implements TaskOwner {
    /** Cancels descendants. */
    static final StubOwner PLAIN = new StubOwner(() -> FailurePolicy.CANCEL_DESCENDANTS);

    private final Supplier<FailurePolicy> failurePolicy;

    /** @param failurePolicy asked once per task made (so it may throw to fail the making) */
    StubOwner(Supplier<FailurePolicy> failurePolicy) {
        this.failurePolicy = failurePolicy;
    }

    @Override
    public long sessionId() {
        return 0;
    }

    @Override
    public FailurePolicy failurePolicy() {
        return failurePolicy.get();
    }

    @Override
    public void completed(Task task) {
    }

    @Override
    public void requestCancel(Task task) {
    }

    @Override
    public long nowNs() {
        return 0;
    }

    @Override
    public void reportUsage(UsageSample sample) {
    }

    @Override
    public void explain(Task task, CompletableFuture<String> answer) {
    }
}
