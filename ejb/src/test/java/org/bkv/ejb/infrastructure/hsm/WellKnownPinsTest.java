package org.bkv.ejb.infrastructure.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WellKnownPinsTest {

    @Test
    void tutorialPinsAreWellKnown() {
        assertThat(WellKnownPins.isWellKnown("1234".toCharArray())).isTrue();
        assertThat(WellKnownPins.isWellKnown("123456".toCharArray())).isTrue();
        assertThat(WellKnownPins.isWellKnown("changeit".toCharArray())).isTrue();
    }

    @Test
    void randomPinsAreNot() {
        assertThat(WellKnownPins.isWellKnown("f3c9a0d1e7b24c58".toCharArray())).isFalse();
        assertThat(WellKnownPins.isWellKnown("12345 ".toCharArray())).isFalse();
        assertThat(WellKnownPins.isWellKnown("".toCharArray())).isFalse();
    }
}
