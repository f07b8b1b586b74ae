package io.htcengine.examples.demo;

/**
 * One position of the demo's option book: a European call or put on a stock at {@link OptionBook#SPOT}.
 *
 * @param call        true for a call, false for a put
 * @param strike      strike price
 * @param maturityY   time to expiry in years
 * @param volatility  annual volatility of the stock, e.g. 0.25
 * @param notional    size of the position in money (contracts = notional / spot)
 * @param pathSeed    seed of the Monte Carlo paths that price this position
 */
public record EuropeanOption(boolean call, double strike, double maturityY, double volatility, double notional,
                             long pathSeed) {

    /** Notionals below this are priority 1; each half decade above adds one, up to priority 10. */
    public static final double SMALLEST_NOTIONAL = 10_000;

    /** @return the scheduling priority, from the notional's bucket: 1 (under 31.6k) to 10 (from 316M). */
    public int priority() {
        int bucket = 1 + (int) Math.floor(2 * Math.log10(notional / SMALLEST_NOTIONAL));
        return Math.max(1, Math.min(10, bucket));
    }
}
