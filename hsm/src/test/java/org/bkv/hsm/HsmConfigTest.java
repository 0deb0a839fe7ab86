package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HsmConfigTest {

    @Test
    void propertiesTakeDocumentedDefaults() {
        HsmConfig config = HsmConfig.fromProperties(Map.of("bkv.hsm.pinEnv", "BKV_PIN")::get);
        assertThat(config.module()).isEqualTo(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
        assertThat(config.tokenLabel()).isEqualTo("bkv");
        assertThat(config.sessionPoolSize()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.recycleAfterObjects()).isEqualTo(HsmConfig.DEFAULT_RECYCLE_AFTER_OBJECTS);
        assertThat(config.pin()).isEqualTo(PinSource.environment("BKV_PIN"));
    }

    @Test
    void propertiesOverrideEveryKey() {
        HsmConfig config = HsmConfig.fromProperties(Map.of(
                "bkv.hsm.module", "/opt/luna/libCryptoki2_64.so",
                "bkv.hsm.tokenLabel", "bkv-prod",
                "bkv.hsm.pinFile", "/etc/bkv/pin",
                "bkv.hsm.poolSize", "8",
                "bkv.hsm.recycleAfterObjects", "0",
                "bkv.hsm.sessionKeyCopies", "false")::get);
        assertThat(config).isEqualTo(new HsmConfig(Path.of("/opt/luna/libCryptoki2_64.so"), "bkv-prod",
                PinSource.file(Path.of("/etc/bkv/pin")), 8, 0, false));
    }

    @Test
    void missingOrAmbiguousPinSourceIsAOneLineConfigurationError() {
        assertThatThrownBy(() -> HsmConfig.fromProperties(Map.<String, String>of()::get))
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("bkv.hsm.pinFile")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> HsmConfig.fromProperties(Map.of("bkv.hsm.pinFile", "/a", "bkv.hsm.pinEnv", "B")::get))
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("exactly one");
    }

    @Test
    void badNumbersAndLabelsAreRejected() {
        assertThatThrownBy(() -> HsmConfig.fromProperties(Map.of("bkv.hsm.pinEnv", "B", "bkv.hsm.poolSize", "many")::get))
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("bkv.hsm.poolSize");
        assertThatThrownBy(() -> HsmConfig.fromProperties(Map.of("bkv.hsm.pinEnv", "B", "bkv.hsm.poolSize", "0")::get))
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("between 1 and 1024");
        assertThatThrownBy(() -> HsmConfig.builder().pin(PinSource.environment("B")).tokenLabel("x".repeat(33)).build())
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("1 to 32");
    }

    @Test
    void pinFileGivesItsFirstLineOnly(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pin"), "s3cret-PIN\r\nsecond line\n");
        assertThat(PinSource.file(file).read()).containsExactly("s3cret-PIN".toCharArray());
    }

    @Test
    void pinSourceFailuresNameTheSourceButNeverThePin(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PinSource.file(dir.resolve("absent")).read())
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("absent").hasMessageContaining("bkv.hsm.pinFile");
        Path empty = Files.writeString(dir.resolve("empty"), "\nPIN-on-line-two\n");
        assertThatThrownBy(() -> PinSource.file(empty).read())
                .isInstanceOf(HsmConfigurationException.class).hasMessageNotContaining("PIN-on-line-two");
        assertThatThrownBy(() -> PinSource.environment("BKV_TEST_SURELY_UNSET_VARIABLE").read())
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("BKV_TEST_SURELY_UNSET_VARIABLE");
    }

    @Test
    void givenPinIsCopiedAndNeverPrinted() {
        char[] typed = "typed-1234".toCharArray();
        PinSource source = PinSource.of(typed);
        java.util.Arrays.fill(typed, 'x');
        assertThat(source.read()).containsExactly("typed-1234".toCharArray());
        HsmConfig config = HsmConfig.defaults(source);
        assertThat(config.toString()).doesNotContain("typed-1234");
        assertThat(source.toString()).doesNotContain("typed-1234");
    }

    @Test
    void sessionKeyCopiesAreOnByDefaultAndOnlyTrueOrFalseIsAccepted() {
        assertThat(HsmConfig.fromProperties(Map.of("bkv.hsm.pinEnv", "PIN")::get).sessionKeyCopies()).isTrue();
        assertThat(HsmConfig.fromProperties(Map.of("bkv.hsm.pinEnv", "PIN", "bkv.hsm.sessionKeyCopies", " FALSE ")::get)
                .sessionKeyCopies()).isFalse();
        assertThatThrownBy(() -> HsmConfig.fromProperties(Map.of("bkv.hsm.pinEnv", "PIN", "bkv.hsm.sessionKeyCopies", "yes")::get))
                .isInstanceOf(HsmConfigurationException.class).hasMessageContaining("bkv.hsm.sessionKeyCopies")
                .hasMessageContaining("true or false");
    }
}
