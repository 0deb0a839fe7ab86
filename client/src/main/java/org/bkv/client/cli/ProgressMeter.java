package org.bkv.client.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Counts the bytes read through it and draws a one-line progress bar on stderr, only once a
 * transfer has run for a second (short ones stay silent) and at most four times a second.
 */
final class ProgressMeter extends FilterInputStream {

    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 24;

    private final String label;
    private long totalBytes;
    private final PrintWriter err;
    private final LongSupplier clock;
    private final long started;
    private long bytes;
    private long lastDrawn;
    private boolean shown;

    /** @param totalBytes the input size, or -1 when unknown (a pipe) */
    ProgressMeter(InputStream in, String label, long totalBytes, PrintWriter err, LongSupplier clock) {
        super(in);
        this.label = label;
        this.totalBytes = totalBytes;
        this.err = err;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** A meter fed by {@link #update} instead of a stream: for the SDK's uploads and downloads. */
    static ProgressMeter detached(String label, PrintWriter err, LongSupplier clock) {
        return new ProgressMeter(InputStream.nullInputStream(), label, -1, err, clock);
    }

    /** Sets the position (a resumed transfer starts past zero) and the total, -1 if unknown. */
    void update(long bytesDone, long total) {
        totalBytes = total;
        advance(bytesDone - bytes);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    /** Draws the final state and ends the line, if the bar was shown at all. */
    void finish() {
        if (shown) {
            draw(clock.getAsLong());
            err.println();
            err.flush();
        }
    }

    private void advance(long n) {
        bytes += n;
        long now = clock.getAsLong();
        if (now - started >= SHOW_AFTER_NANOS && (!shown || now - lastDrawn >= REDRAW_NANOS)) {
            draw(now);
        }
    }

    private void draw(long now) {
        shown = true;
        lastDrawn = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        String rate = size((long) (bytes / seconds)) + "/s";
        String line;
        if (totalBytes > 0) {
            int percent = (int) Math.min(100, bytes * 100 / totalBytes);
            int filled = percent * BAR_WIDTH / 100;
            line = String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %s of %s  %s  ", label,
                    "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), percent, size(bytes), size(totalBytes), rate);
        } else {
            line = String.format(Locale.ROOT, "\r%s  %s  %s  ", label, size(bytes), rate);
        }
        err.print(line);
        err.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
