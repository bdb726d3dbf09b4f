package io.github.prcv2021.logpbcd;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one PyTorch intra-op thread and restores the previous count afterwards.
 * The unit tests work on matrices of a few dozen entries, where a second thread only adds
 * synchronisation; on a shared, oversubscribed 2-core machine that synchronisation made an iteration
 * 5-30 times slower (measured: 5-12 ms with one thread against 18-180 ms with two).
 */
public final class SingleThreadedEngine implements BeforeAllCallback, AfterAllCallback {

    private int previous = -1;

    @Override
    public void beforeAll(ExtensionContext context) {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            previous = JniUtils.getNumThreads();
            JniUtils.setNumThreads(1);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (previous > 0) {
            JniUtils.setNumThreads(previous);
        }
    }
}
