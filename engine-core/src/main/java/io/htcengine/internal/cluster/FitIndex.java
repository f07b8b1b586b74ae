package io.htcengine.internal.cluster;

/**
 * PLACEHOLDER until the segment-tree index lands: same contract, brute force. Scheduler loop only.
 */
public final class FitIndex {
    public static final int BANDS = 16;
    private final int dims;
    private long[][] free = new long[16][];
    private long[][] capacity = new long[16][];
    private int size;

    public FitIndex(int dims) {
        this.dims = dims;
    }

    public void put(int node, long[] free, long[] capacity) {
        if (node >= this.free.length) {
            int n = Math.max(node + 1, this.free.length * 2);
            this.free = java.util.Arrays.copyOf(this.free, n);
            this.capacity = java.util.Arrays.copyOf(this.capacity, n);
        }
        if (this.free[node] == null) {
            size++;
        }
        this.free[node] = free.clone();
        this.capacity[node] = capacity.clone();
    }

    public void updateFree(int node, long[] free) {
        System.arraycopy(free, 0, this.free[node], 0, dims);
    }

    public void remove(int node) {
        if (node < this.free.length && this.free[node] != null) {
            this.free[node] = null;
            this.capacity[node] = null;
            size--;
        }
    }

    public boolean contains(int node) {
        return node < free.length && free[node] != null;
    }

    public int size() {
        return size;
    }

    private boolean fits(int node, long[] req) {
        long[] f = free[node];
        if (f == null) {
            return false;
        }
        for (int d = 0; d < dims; d++) {
            if (f[d] < req[d]) {
                return false;
            }
        }
        return true;
    }

    private int band(int node) {
        double sum = 0;
        int k = 0;
        for (int d = 0; d < dims; d++) {
            if (capacity[node][d] > 0) {
                sum += (double) (capacity[node][d] - free[node][d]) / capacity[node][d];
                k++;
            }
        }
        double u = k == 0 ? 0 : sum / k;
        return Math.min(BANDS - 1, (int) Math.floor(u * BANDS));
    }

    public int firstFit(long[] req) {
        for (int i = 0; i < free.length; i++) {
            if (fits(i, req)) {
                return i;
            }
        }
        return -1;
    }

    public int bestFit(long[] req) {
        int best = -1;
        int bestBand = -1;
        for (int i = 0; i < free.length; i++) {
            if (fits(i, req) && band(i) > bestBand) {
                best = i;
                bestBand = band(i);
            }
        }
        return best;
    }

    public int spread(long[] req) {
        int best = -1;
        int bestBand = BANDS;
        for (int i = 0; i < free.length; i++) {
            if (fits(i, req) && band(i) < bestBand) {
                best = i;
                bestBand = band(i);
            }
        }
        return best;
    }
}
