/**
 * The built-in scheduling policies other than strict priority (which the loop runs on its own queue): FCFS, EASY
 * backfilling, priority with aging, and weighted fair share by dominant resource fairness. Each holds the ready tasks
 * it was given and starts them through a {@link io.htcengine.spi.Dispatcher}. Scheduler loop only.
 */
package io.htcengine.internal.policy;
