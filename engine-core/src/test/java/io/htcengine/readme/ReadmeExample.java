package io.htcengine.readme;

import io.htcengine.api.*;

public class ReadmeExample {
    public static void main(String[] args) {
        try (Engine engine = Engine.builder().workerThreads(4).build()) {
            // A spec is built once (handler, priority 1-10, type) and submitted many times.
            TaskSpec<Integer, Long> square = TaskSpec.of((Integer x, TaskContext ctx) -> (long) x * x)
                .priority(8).build();
            System.out.println("12^2 = " + engine.submit(square, 12).future().join());

            // A session: many tasks under one id, one future for all of them.
            Session sweep = engine.openSession(SessionOptions.named("sweep"));
            for (int i = 0; i < 1_000; i++) {
                sweep.submit(square, i);
            }
            sweep.seal(); // no more tasks: it completes when these have
            SessionSummary summary = sweep.future().join();
            System.out.println(summary.state() + ": " + summary.completed() + " of " + summary.tasks());
        } // close() = graceful shutdown: accepted work finishes first
    }
}
