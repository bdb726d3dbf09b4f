package io.github.prcv2021.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CoreTest {

    @Test
    void checksNameCallerExpectationAndActualValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checks.positive(0, "IcceLoss", "terms"));
        assertEquals("IcceLoss expects terms > 0, got 0", e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(32));
            e = assertThrows(IllegalArgumentException.class, () -> Checks.shape(a, new Shape(-1, 10), "Foo", "logits"));
            assertEquals("Foo expects logits of shape (-1, 10), got (32)", e.getMessage());
            Checks.shape(m.zeros(new Shape(4, 10)), new Shape(-1, 10), "Foo", "logits");
        }
        assertThrows(IllegalArgumentException.class, () -> Checks.inRange(1.5, 0, 1, "X", "eta"));
        assertThrows(IllegalArgumentException.class, () -> Checks.nonNegative(Double.NaN, "X", "lambda"));
    }

    @Test
    void sameSeedSameDrawsDifferentSeedDifferentDraws() {
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedAll(42);
            float a = m.randomNormal(new Shape(4)).sum().getFloat();
            Seeds.seedAll(42);
            float b = m.randomNormal(new Shape(4)).sum().getFloat();
            Seeds.seedAll(43);
            float c = m.randomNormal(new Shape(4)).sum().getFloat();
            assertEquals(a, b, 0f);
            assertNotEquals(a, c);
        }
        assertNotEquals(Seeds.derive(1, "noise"), Seeds.derive(1, "subset"));
        assertEquals(Seeds.derive(1, "noise"), Seeds.derive(1, "noise"));
    }

    @Test
    void devicesParseAndRefuseWhatTheEngineCannotSee() {
        assertEquals(Device.cpu(), Devices.parse("cpu"));
        assertEquals(Engine.getInstance().defaultDevice(), Devices.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("tpu"));
        assertTrue(e.getMessage().contains("cpu, gpu, gpu:N or auto"), e.getMessage());
        if (Engine.getInstance().getGpuCount() == 0) {
            e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("gpu"));
            assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        } else {
            assertEquals(Device.gpu(0), Devices.parse("gpu"));
        }
    }

    @Test
    void scopesFreeTemporariesAndKeepTheResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] temp = new NDArray[1];
            NDArray out = Scopes.compute(m, sub -> {
                temp[0] = sub.ones(new Shape(3));
                return temp[0].mul(2f);
            });
            assertTrue(temp[0].isReleased());
            assertEquals(6f, out.sum().getFloat(), 0f);
        }
    }
}
