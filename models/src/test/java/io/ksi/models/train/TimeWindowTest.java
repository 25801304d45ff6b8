package io.ksi.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeWindowTest {
    @Test
    void membersAreCentredOnTheVanDerCorputSequence() {
        double[] expected = {0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875, 0.0625};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], TimeWindow.vanDerCorput(i + 1), 0.0, "point " + (i + 1));
        }
        TimeWindow w = TimeWindow.ofMember(0, 0.2);
        assertEquals(0.4, w.from(), 1e-15);
        assertEquals(0.6, w.to(), 1e-15);
    }

    @Test
    void windowsNearAnEndAreShiftedInsideAndKeepTheirWidth() {
        TimeWindow w = TimeWindow.ofMember(3, 0.5); // centre 1/8
        assertEquals(0.0, w.from(), 0.0);
        assertEquals(0.5, w.to(), 0.0);
        for (int i = 0; i < 64; i++) {
            TimeWindow m = TimeWindow.ofMember(i, 0.3);
            assertTrue(m.from() >= 0 && m.to() <= 1, m.toString());
            assertEquals(0.3, m.to() - m.from(), 1e-12);
        }
        assertEquals(TimeWindow.ALL, TimeWindow.ofMember(5, 1));
        assertEquals(0.25 + 0.5 * 0.5, new TimeWindow(0.25, 0.75).at(0.5), 0.0);
    }

    @Test
    void badWindowsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> TimeWindow.ofMember(0, 0));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TimeWindow(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new TimeWindow(-0.1, 0.5));
    }
}
