package io.htcengine.examples.demo;

import java.util.SplittableRandom;

/**
 * A random book of European options, addressable by index: the same seed and index always give the same option,
 * whatever thread asks and in whatever order, so a run is reproducible from its seed.
 *
 * <p>Threading: immutable; any thread.
 */
public final class OptionBook {
    /** Price of the underlying stock today. */
    public static final double SPOT = 100.0;
    /** Continuously compounded risk-free rate. */
    public static final double RATE = 0.02;
    private static final double DECADES_OF_NOTIONAL = 5; // 10k to 1bn
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;

    public OptionBook(long seed) {
        this.seed = seed;
    }

    /** @return the option at {@code index}: strike 70-130, maturity 0.1-3 years, volatility 10-60%, log-uniform notional. */
    public EuropeanOption option(long index) {
        SplittableRandom random = new SplittableRandom(mix64(seed + (index + 1) * GOLDEN_GAMMA));
        boolean call = random.nextBoolean();
        double strike = random.nextDouble(70, 130);
        double maturityY = random.nextDouble(0.1, 3.0);
        double volatility = random.nextDouble(0.10, 0.60);
        double notional = EuropeanOption.SMALLEST_NOTIONAL * Math.pow(10, random.nextDouble(DECADES_OF_NOTIONAL));
        return new EuropeanOption(call, strike, maturityY, volatility, notional, random.nextLong());
    }

    /** SplitMix64's finaliser (Stafford variant 13): neighbouring indexes give unrelated seeds. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
