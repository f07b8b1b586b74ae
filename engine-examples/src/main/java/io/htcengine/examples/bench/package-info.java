/**
 * {@code ./htc bench}: runs issue 9's benchmark suite from the {@code jmh} module's benchmarks jar and summarises
 * JMH's JSON results. {@link io.htcengine.examples.bench.BenchCommand} is the command;
 * {@link io.htcengine.examples.bench.ScenarioTable} maps JMH result names to scenarios and peers;
 * {@link io.htcengine.examples.bench.BenchSummary} turns a results file into the summary; {@code JmhLauncher} builds
 * the jar when needed and runs JMH as a child process. Everything here runs on the command's one thread.
 */
package io.htcengine.examples.bench;
