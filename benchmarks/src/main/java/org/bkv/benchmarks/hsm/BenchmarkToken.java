package org.bkv.benchmarks.hsm;

import java.io.IOException;
import java.nio.file.Path;

import org.bkv.hsm.Hsm;
import org.bkv.hsm.HsmConfig;
import org.bkv.hsm.softhsm.SoftHsmToken;

/**
 * A fresh SoftHSM token for one benchmark fork, in the directory of SOFTHSM2_CONF (SoftHSM reads that variable
 * only from the process environment, so it must be set before {@code java -jar benchmarks.jar}).
 */
final class BenchmarkToken {
    private BenchmarkToken() {
    }

    static Hsm open(int sessions) throws IOException {
        String conf = System.getenv(SoftHsmToken.CONF_ENV);
        if (conf == null) {
            throw new IllegalStateException("set SOFTHSM2_CONF (e.g. /tmp/bkv-bench/softhsm2.conf) before running the HSM benchmarks");
        }
        Path dir = Path.of(conf).toAbsolutePath().getParent();
        SoftHsmToken token = SoftHsmToken.create(dir, "bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
        // -Dbkv.hsm.sessionKeyCopies=false measures the token keys used directly (the pre-copies behaviour)
        boolean copies = !"false".equalsIgnoreCase(System.getProperty(HsmConfig.SESSION_KEY_COPIES_KEY, "true"));
        Hsm hsm = Hsm.open(HsmConfig.builder().tokenLabel(token.label()).pin(token.pinSource()).sessionPoolSize(sessions)
                .sessionKeyCopies(copies).build());
        hsm.provisionKeys();
        return hsm;
    }
}
