package org.bkv.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void openEndedRangeResumesFromStart() {
        assertThat(ByteRange.parse("bytes=100-", 1000)).contains(new ByteRange(100, 900));
    }

    @Test
    void closedRangeIsClippedToTheEnd() {
        assertThat(ByteRange.parse("bytes=10-19", 1000)).contains(new ByteRange(10, 10));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).contains(new ByteRange(990, 10));
    }

    @Test
    void suffixRangeTakesTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-10", 1000)).contains(new ByteRange(990, 10));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 1000));
    }

    @Test
    void noHeaderOrSeveralRangesMeanTheWholeBackup() {
        assertThat(ByteRange.parse(null, 1000)).isEmpty();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isEmpty();
    }

    @Test
    void unsatisfiableRangesAre416() {
        for (String header : new String[] {"bytes=1000-", "bytes=5-4", "bytes=-0", "bytes=x-", "items=0-1", "bytes=-"}) {
            assertThatThrownBy(() -> ByteRange.parse(header, 1000)).as(header)
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(416));
        }
    }
}
