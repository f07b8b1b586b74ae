package io.htcengine.examples.autoscale;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The workload of a run, drawn once from the seed: for each burst, the run time of each of its tasks in
 * milliseconds. A burst has 50 % to 150 % of the average number of tasks, and each task 50 % to 150 % of the
 * average run time (at least 1 ms), so bursts differ in size and tasks in length, the same way for the same seed.
 * Immutable.
 */
public final class BurstPlan {
    private final List<int[]> bursts;

    private BurstPlan(List<int[]> bursts) {
        this.bursts = bursts;
    }

    public static BurstPlan draw(int bursts, int averageTasks, int averageTaskMs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>(bursts);
        for (int b = 0; b < bursts; b++) {
            int[] taskMs = new int[Math.max(1, spread(random, averageTasks))];
            for (int t = 0; t < taskMs.length; t++) {
                taskMs[t] = Math.max(1, spread(random, averageTaskMs));
            }
            out.add(taskMs);
        }
        return new BurstPlan(List.copyOf(out));
    }

    /** @return a whole number from half to one and a half times {@code average}, uniformly. */
    private static int spread(SplittableRandom random, int average) {
        int low = average / 2;
        int high = average + average / 2;
        return low + random.nextInt(high - low + 1);
    }

    public int bursts() {
        return bursts.size();
    }

    /** @return the run times of the tasks of burst {@code b} (a copy). */
    public int[] taskMs(int b) {
        return bursts.get(b).clone();
    }

    /** @return the tasks of every burst. */
    public int tasks() {
        return bursts.stream().mapToInt(b -> b.length).sum();
    }

    /** @return the run time of every task added up, in milliseconds: the work, on one core. */
    public long workMs() {
        long sum = 0;
        for (int[] b : bursts) {
            for (int ms : b) {
                sum += ms;
            }
        }
        return sum;
    }
}
