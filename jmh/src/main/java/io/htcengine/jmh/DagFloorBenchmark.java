package io.htcengine.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Not the engine: the most a DAG can get from the thread structure issue 3 prescribes — dependency resolution in one
 * scheduler thread, tasks run by worker threads — on this machine, with nothing but the hand-offs and the counters.
 * It is the DAG counterpart of {@link HandOffFloor}, a JMH benchmark so that it runs in the same run as
 * {@link DagBenchmark#completableFuture} on the same graphs ({@link DagBenchmark.Workload}: the same {@code shape}
 * and {@code workers} parameters).
 *
 * <p>Everything that can be done before the clock starts is: the graph is given to the scheduler once per trial as
 * arrays (each task's children, in compressed rows, and its parent count), and every task's job object is made
 * once. Per invocation the scheduler thread copies the parent counts, then loops: it takes the workers'
 * completions from one MPSC queue, decrements each finished task's children's counters and stacks the children that
 * reach zero; it gives stacked tasks (last in, first out) to the least-loaded worker's SPSC queue, at most
 * {@code depth} per worker, and after each round, with one full fence, unparks the workers it fed that parked. A
 * worker runs {@link DagBenchmark#noOp()} and offers the job back. No task object, state, handle, future, session,
 * listener, placement or admission: whatever the engine does beyond this, it can only be slower. So if this floor does
 * not reach 2× {@code CompletableFuture} for a shape, no engine built this way can on this machine.
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar '(DagFloorBenchmark.floor|DagBenchmark.completableFuture)$' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DagBenchmark.TASKS)
public class DagFloorBenchmark {

    /** One task's job: made once per trial, handed to a worker and back once per invocation. */
    static final class Job {
        final int index;
        int worker; // scheduler only

        Job(int index) {
            this.index = index;
        }
    }

    /** The scheduler thread, its workers and the graph as arrays; started once per trial. */
    @State(Scope.Benchmark)
    public static class Floor {
        /** The most tasks a worker holds at once (the engine's default tasksInFlightPerWorker). */
        @Param("256")
        public int depth;

        private int tasks;
        private int[] childStart;
        private int[] children;
        private int[] parentCount;
        private int[] remaining;
        private int[] ready;
        private Job[] jobs;
        private FloorWorkers<Job> workers;
        private Thread scheduler;
        private volatile boolean stopped;
        private long served;    // scheduler only: graphs run
        private boolean active; // scheduler only: a graph is running
        private volatile long requested;
        private volatile long finished;
        private volatile Thread waiter;

        @Setup(Level.Trial)
        public void setUp(DagBenchmark.Workload workload) {
            int[][] parents = workload.parents;
            tasks = parents.length;
            parentCount = new int[tasks];
            childStart = new int[tasks + 1];
            for (int i = 0; i < tasks; i++) {
                parentCount[i] = parents[i].length;
                for (int p : parents[i]) {
                    childStart[p + 1]++;
                }
            }
            for (int i = 0; i < tasks; i++) {
                childStart[i + 1] += childStart[i];
            }
            children = new int[childStart[tasks]];
            int[] fill = childStart.clone();
            for (int i = 0; i < tasks; i++) {
                for (int p : parents[i]) {
                    children[fill[p]++] = i;
                }
            }
            remaining = new int[tasks];
            ready = new int[tasks];
            jobs = new Job[tasks];
            for (int i = 0; i < tasks; i++) {
                jobs[i] = new Job(i);
            }
            workers = new FloorWorkers<>(workload.workers, depth, job -> DagBenchmark.noOp());
            scheduler = new Thread(this::runScheduler, "dag-floor-scheduler");
            scheduler.setDaemon(true);
            workers.start("dag-floor-worker-", scheduler);
            scheduler.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stopped = true;
            LockSupport.unpark(scheduler);
            scheduler.join(10_000);
            workers.stop();
        }

        /** Runs the graph once, from the calling thread's request to its last task's completion. */
        long runGraph() {
            waiter = Thread.currentThread();
            long target = requested + 1;
            requested = target;
            LockSupport.unpark(scheduler);
            while (finished < target) {
                LockSupport.park(this);
            }
            return target;
        }

        private void runScheduler() {
            int done = 0;
            int top = 0;
            int idle = 0;
            while (!stopped) {
                int work = 0;
                if (!active && requested > served) {
                    System.arraycopy(parentCount, 0, remaining, 0, tasks);
                    for (int i = tasks - 1; i >= 0; i--) {
                        if (parentCount[i] == 0) {
                            ready[top++] = i;
                        }
                    }
                    done = 0;
                    active = true;
                    work++;
                }
                for (Job job; (job = workers.completions.relaxedPoll()) != null; work++) {
                    workers.slots[job.worker].held--;
                    done++;
                    for (int k = childStart[job.index], end = childStart[job.index + 1]; k < end; k++) {
                        int child = children[k];
                        if (--remaining[child] == 0) {
                            ready[top++] = child;
                        }
                    }
                }
                boolean fed = false;
                while (top > 0) {
                    int w = workers.leastLoaded();
                    if (w < 0) {
                        break;
                    }
                    Job job = jobs[ready[--top]];
                    job.worker = w;
                    workers.give(w, job);
                    fed = true;
                    work++;
                }
                if (fed) {
                    workers.wakeParked();
                }
                if (active && done == tasks) {
                    active = false;
                    served++;
                    finished = served;
                    LockSupport.unpark(waiter);
                }
                if (work > 0) {
                    idle = 0;
                } else {
                    idle = workers.idle(idle, this::quiet);
                }
            }
        }

        /** Scheduler thread: nothing will come but completions (or the next request, which unparks it). */
        private boolean quiet() {
            return (active || requested == served) && !stopped;
        }
    }

    /** One run of the graph through the bare structure (the graph's arrays and job objects were made at setup). */
    @Benchmark
    public long floor(Floor floor) {
        return floor.runGraph();
    }
}
