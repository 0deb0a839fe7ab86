package org.bkv.ejb.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bkv.opaque.Suite;
import org.junit.jupiter.api.Test;

class OpaqueWarmUpTest {

    @Test
    void runsRoundsOfWholeLoginsUntilARoundIsNoCheaperOrTheLimit() throws Exception {
        for (Suite suite : Suite.values()) {
            OpaqueWarmUp.Result result = new OpaqueWarmUp(5, 6).run(suite);
            var micros = result.microsPerLogin();
            assertEquals(suite, result.suite());
            assertTrue(micros.size() >= 2 && micros.size() <= 6, micros.toString());
            assertTrue(micros.stream().allMatch(us -> us > 0), micros.toString());
            int last = micros.size() - 1;
            // Settled: the last round was not 10 % cheaper than the one before; otherwise it ran out of rounds.
            assertEquals(micros.get(last) * 10 >= micros.get(last - 1) * 9, result.settled(), micros.toString());
            assertTrue(result.settled() || micros.size() == 6, micros.toString());
            for (int i = 1; i < last; i++) {
                assertTrue(micros.get(i) * 10 < micros.get(i - 1) * 9, "stopped late: " + micros);
            }
        }
    }

    @Test
    void refusesRoundsThatCannotCompare() {
        assertThrows(IllegalArgumentException.class, () -> new OpaqueWarmUp(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueWarmUp(5, 1));
    }
}
