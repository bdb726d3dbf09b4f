package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The set-up shared by the trainer tests: one PyTorch intra-op thread ({@link SingleThreadedEngine},
 * inherited by the subclasses), a fresh base manager per test, closed after it, and the check of a
 * validation message.
 */
@ExtendWith(SingleThreadedEngine.class)
abstract class TrainerTestBase {

    /** The manager of the current test; every array a test creates belongs to it. */
    protected NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** Asserts that {@code call} throws an {@link IllegalArgumentException} whose message starts with {@code prefix}. */
    static void assertMessage(String prefix, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), "message was: " + e.getMessage());
    }
}
