/**
 * The engine's machinery; not exported by the module.
 *
 * <h2>Threading and memory-ordering conventions</h2>
 * <ul>
 *   <li><b>Loop only</b>: a field or method so marked is read and written only by the scheduler loop's thread
 *       (asserted in {@code SchedulerLoop.doWork()} under {@code -ea}); no ordering is needed.</li>
 *   <li><b>Published by the loop</b>: state other threads read (a task's state and attempts, counters by state)
 *       is written only by the loop with release stores ({@code VarHandle.setRelease},
 *       {@code AtomicLongArray.lazySet}) and read with volatile or acquire loads. A reader sees a recent value and
 *       everything the loop wrote before it.</li>
 *   <li><b>Handed over through a queue</b>: data a thread writes before offering an object to a JCTools queue
 *       (a reported outcome, a submitted task) is visible to the thread that polls it: the offer is a release,
 *       the poll an acquire.</li>
 *   <li><b>Wake-ups</b>: {@code Wakeup} pairs a volatile "may sleep" flag with the queues' volatile indices
 *       (the Dekker pattern), so a thread about to park and a producer about to offer always see each other.</li>
 * </ul>
 */
package io.htcengine.internal;
