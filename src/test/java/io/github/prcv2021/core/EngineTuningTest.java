package io.github.prcv2021.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EngineTuningTest {

    @Test
    void unsetPropertyKeepsTheEngineSetting() {
        assertEquals(3, EngineTuning.chooseThreads(null, 2, 0.5, 3));
        assertEquals(3, EngineTuning.chooseThreads(" ", 2, 0.5, 3));
    }

    @Test
    void numberIsTakenAsGiven() {
        assertEquals(4, EngineTuning.chooseThreads("4", 2, 0.0, 2));
        assertEquals(1, EngineTuning.chooseThreads(" 1 ", 8, 0.0, 8));
    }

    @Test
    void autoLeavesTheCoresThatOtherWorkUses() {
        assertEquals(2, EngineTuning.chooseThreads("auto", 2, 0.3, 1), "idle machine: every core");
        assertEquals(1, EngineTuning.chooseThreads("auto", 2, 1.2, 2), "one busy core of two");
        assertEquals(1, EngineTuning.chooseThreads("AUTO", 2, 4.5, 2), "overloaded: still one thread");
        assertEquals(5, EngineTuning.chooseThreads("auto", 8, 3.4, 8));
        assertEquals(8, EngineTuning.chooseThreads("auto", 8, -1, 2), "load unknown: every core");
    }

    @Test
    void badPropertyIsRejectedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EngineTuning.chooseThreads("two", 2, 0, 2));
        assertTrue(e.getMessage().contains("two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineTuning.chooseThreads("0", 2, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> EngineTuning.chooseThreads("-2", 2, 0, 2));
    }

    @Test
    void spinningOpenMpIsReportedOnlyWithSeveralThreads() {
        assertTrue(EngineTuning.waitPolicyAdvice(null, null, 2).isPresent());
        assertTrue(EngineTuning.waitPolicyAdvice("ACTIVE", null, 2).isPresent());
        assertFalse(EngineTuning.waitPolicyAdvice("passive", null, 2).isPresent());
        assertFalse(EngineTuning.waitPolicyAdvice(null, null, 1).isPresent());
    }

    @Test
    void dynamicTeamsAreAlwaysReported() {
        assertTrue(EngineTuning.waitPolicyAdvice("PASSIVE", "true", 1).get().contains("OMP_DYNAMIC"));
        assertFalse(EngineTuning.waitPolicyAdvice("PASSIVE", "false", 2).isPresent());
    }

    @Test
    void applyRunsOnceAndReportsTheEngine() {
        EngineTuning.Settings s = EngineTuning.apply();
        assertSame(s, EngineTuning.apply());
        assertTrue(s.intraOpThreads() >= 1);
        assertEquals(Runtime.getRuntime().availableProcessors(), s.cores());
    }
}
