package org.bkv.client.sdk;

import org.bkv.client.testing.FakeAppliance;
import org.bkv.client.testing.TestTls;
import org.bkv.opaque.KsfProfile;

import java.time.Duration;

/** SDK clients for the tests: pinned to the fake's certificate, cheapest Argon2id, quick retries. */
final class Clients {

    private Clients() {
    }

    static BkvClient.Builder pinned(FakeAppliance fake) {
        return BkvClient.builder(fake.ipUri())
                .trust(ServerTrust.pinnedSha256(TestTls.get().sha256Fingerprint()))
                .ksf(KsfProfile.TEST_ONLY.ksf())
                .requestTimeout(Duration.ofSeconds(20))
                .retries(2, Duration.ofSeconds(2));
    }
}
