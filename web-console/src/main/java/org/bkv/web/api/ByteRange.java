package org.bkv.web.api;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range} header (RFC 9110 §14): {@code bytes=start-}, {@code bytes=start-end} or
 * {@code bytes=-suffix}. Several ranges are answered whole (RFC 9110 allows ignoring Range); an unsatisfiable one is
 * a 416.
 */
record ByteRange(long start, long length) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            if (header.trim().startsWith("bytes=") && header.contains(",")) {
                return Optional.empty();
            }
            throw unsatisfiable(size, "the Range header must be bytes=<start>-[<end>] or bytes=-<suffix>");
        }
        long start;
        long end;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                throw unsatisfiable(size, "an empty suffix range selects nothing");
            }
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = Long.parseLong(m.group(1));
            end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
                throw unsatisfiable(size, "the range ends before it starts");
            }
        }
        if (start >= size) {
            throw unsatisfiable(size, "the range starts at or beyond the end of the backup (" + size + " bytes)");
        }
        return Optional.of(new ByteRange(start, end - start + 1));
    }

    private static ProblemException unsatisfiable(long size, String detail) {
        return new ProblemException(416, "range-not-satisfiable", "Range not satisfiable", detail)
                .with("size", size);
    }
}
