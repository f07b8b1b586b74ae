package io.htcengine.examples.demo;

import java.util.SplittableRandom;

/**
 * Prices a European option by Monte Carlo under geometric Brownian motion: each path draws the stock price at
 * expiry in one exact step, {@code S_T = S_0 exp((r - σ²/2) T + σ √T Z)}, and the price is the discounted mean
 * payoff. With a handful of paths the estimate is rough; the demo is about scheduling a million of them.
 *
 * <p>Threading: stateless; any thread.
 */
public final class MonteCarloPricer {
    private MonteCarloPricer() {
    }

    /** @return the option's price per unit of underlying, from {@code paths} paths seeded by its {@code pathSeed}. */
    public static double price(EuropeanOption option, int paths) {
        SplittableRandom random = new SplittableRandom(option.pathSeed());
        double t = option.maturityY();
        double sigma = option.volatility();
        double drift = (OptionBook.RATE - 0.5 * sigma * sigma) * t;
        double diffusion = sigma * Math.sqrt(t);
        double payoffSum = 0;
        for (int i = 0; i < paths; i++) {
            double spotAtExpiry = OptionBook.SPOT * Math.exp(drift + diffusion * random.nextGaussian());
            payoffSum += option.call()
                ? Math.max(spotAtExpiry - option.strike(), 0)
                : Math.max(option.strike() - spotAtExpiry, 0);
        }
        return Math.exp(-OptionBook.RATE * t) * payoffSum / paths;
    }

    /** @return the position's value: price per unit times the units its notional buys at today's spot. */
    public static double positionValue(EuropeanOption option, int paths) {
        return price(option, paths) * option.notional() / OptionBook.SPOT;
    }
}
