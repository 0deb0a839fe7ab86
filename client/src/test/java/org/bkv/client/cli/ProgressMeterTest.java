package org.bkv.client.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressMeterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final StringWriter err = new StringWriter();

    @Test
    void staysSilentForShortTransfers() throws IOException {
        ProgressMeter meter = meter(1000);
        meter.readAllBytes();
        meter.finish();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void drawsABarWithPercentOnceATransferTakesLongerThanASecond() throws IOException {
        ProgressMeter meter = meter(2048);
        meter.readNBytes(1024);
        nanos.set(1_500_000_000L);
        meter.readNBytes(512);
        assertThat(err.toString()).startsWith("\rencrypting [").contains(" 75%").contains("1.5 KiB of 2.0 KiB");
        meter.readAllBytes();
        meter.finish();
        assertThat(err.toString()).contains("100%").endsWith(System.lineSeparator());
    }

    private ProgressMeter meter(int size) {
        return new ProgressMeter(new ByteArrayInputStream(new byte[size]), "encrypting", size,
                new PrintWriter(err), nanos::get);
    }
}
