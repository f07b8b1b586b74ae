package io.htcengine.examples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class OptionBookTest {

    @Test
    void theSameSeedAndIndexGiveTheSameOption() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            long seed = random.nextLong();
            long index = random.nextLong(100_000_000);
            assertEquals(new OptionBook(seed).option(index), new OptionBook(seed).option(index));
        }
        assertNotEquals(new OptionBook(5).option(0), new OptionBook(5).option(1));
        assertNotEquals(new OptionBook(5).option(0), new OptionBook(6).option(0));
    }

    @Test
    void everyOptionIsInItsRangesWithAPriorityFromOneToTen() {
        OptionBook book = new OptionBook(42);
        int[] perPriority = new int[11];
        for (long i = 0; i < 100_000; i++) {
            EuropeanOption o = book.option(i);
            assertTrue(o.strike() >= 70 && o.strike() < 130, o::toString);
            assertTrue(o.maturityY() >= 0.1 && o.maturityY() < 3, o::toString);
            assertTrue(o.volatility() >= 0.1 && o.volatility() < 0.6, o::toString);
            assertTrue(o.notional() >= 10_000 && o.notional() < 1e9, o::toString);
            perPriority[o.priority()]++;
        }
        for (int p = 1; p <= 10; p++) {
            // log-uniform notional over five decades: each half-decade bucket holds about a tenth of the book
            assertTrue(perPriority[p] > 9_000 && perPriority[p] < 11_000, "priority " + p + ": " + perPriority[p]);
        }
    }

    @Test
    void priorityBucketsAreHalfDecadesOfNotional() {
        assertEquals(1, option(10_000).priority());
        assertEquals(1, option(31_000).priority());
        assertEquals(2, option(32_000).priority());
        assertEquals(3, option(100_000).priority());
        assertEquals(8, option(99_999_999).priority());
        assertEquals(9, option(100_000_000).priority());
        assertEquals(10, option(999_999_999).priority());
        assertEquals(10, option(5e12).priority());
        assertEquals(1, option(1).priority());
    }

    @Test
    void manyPathsConvergeToBlackScholes() {
        for (boolean call : new boolean[] {true, false}) {
            EuropeanOption o = new EuropeanOption(call, 105, 1.5, 0.3, 1e6, 99);
            double monteCarlo = MonteCarloPricer.price(o, 400_000);
            double exact = blackScholes(o);
            // Standard error at 400k paths is under 0.03 for these parameters.
            assertEquals(exact, monteCarlo, 0.1, (call ? "call" : "put"));
        }
    }

    private static EuropeanOption option(double notional) {
        return new EuropeanOption(true, 100, 1, 0.2, notional, 0);
    }

    private static double blackScholes(EuropeanOption o) {
        double s = OptionBook.SPOT;
        double r = OptionBook.RATE;
        double sqrtT = Math.sqrt(o.maturityY());
        double d1 = (Math.log(s / o.strike()) + (r + 0.5 * o.volatility() * o.volatility()) * o.maturityY())
            / (o.volatility() * sqrtT);
        double d2 = d1 - o.volatility() * sqrtT;
        double discountedStrike = o.strike() * Math.exp(-r * o.maturityY());
        return o.call() ? s * normalCdf(d1) - discountedStrike * normalCdf(d2)
            : discountedStrike * normalCdf(-d2) - s * normalCdf(-d1);
    }

    /** Abramowitz and Stegun 26.2.17: absolute error below 7.5e-8. */
    private static double normalCdf(double x) {
        if (x < 0) {
            return 1 - normalCdf(-x);
        }
        double t = 1 / (1 + 0.2316419 * x);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
    }
}
