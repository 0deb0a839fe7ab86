package org.bkv.client.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Splits an export into numbered UTF-8 lines, each ended by LF; bounded, so a wrong file cannot exhaust memory. */
final class ExportLines {

    /** Far above the longest valid line (an event of 64 KiB, every character escaped). */
    static final int MAX_LINE_BYTES = 1 << 20;

    /** One line without its LF, or the reason it is not a line. */
    record Line(long number, String text, String problem) {
    }

    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long number;

    ExportLines(InputStream in) {
        this.in = in;
    }

    /** The number of the last line returned (0 before the first). */
    long lastNumber() {
        return number;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        buffer.reset();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (buffer.size() == 0) {
                    return null;
                }
                return new Line(++number, null, "the last line is not ended by a line feed: the export is cut short");
            }
            if (buffer.size() == MAX_LINE_BYTES) {
                return new Line(++number, null, "line longer than " + MAX_LINE_BYTES + " bytes: not an export line");
            }
            buffer.write(b);
        }
        number++;
        try {
            return new Line(number, utf8.decode(ByteBuffer.wrap(buffer.toByteArray())).toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "not UTF-8 text");
        }
    }
}
