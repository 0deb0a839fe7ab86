package org.bkv.client.sdk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** An HTTP error as the SDK understood it: status, RFC 9457 members it uses, Retry-After. */
record Problem(int status, String code, String title, String detail, Integer attemptsRemaining,
               Duration retryAfter, Long uploadOffset) {

    private static final int MAX_TEXT = 300;

    /** A problem whose body was not problem JSON (an HTML error page, nothing at all). */
    static Problem bare(int status, Duration retryAfter) {
        return new Problem(status, null, null, null, null, retryAfter, null);
    }

    /** Reads the members the SDK uses; wrongly typed optional members are ignored rather than trusted. */
    static Problem fromJson(int status, Map<String, Object> members, Duration retryAfter) {
        return new Problem(status, text(members.get("code")), text(members.get("title")),
                text(members.get("detail")), smallInteger(members.get("attemptsRemaining")), retryAfter,
                offset(members.get("uploadOffset")));
    }

    String describe() {
        StringBuilder message = new StringBuilder("the appliance answered HTTP ").append(status);
        if (code != null) {
            message.append(" (").append(code).append(')');
        }
        if (detail != null) {
            message.append(": ").append(detail);
        } else if (title != null) {
            message.append(": ").append(title);
        }
        return message.toString();
    }

    /** Server text for a person: printable characters only, bounded, so it cannot rewrite a terminal. */
    private static String text(Object value) {
        if (!(value instanceof String)) {
            return null;
        }
        String raw = (String) value;
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < raw.length() && clean.length() < MAX_TEXT; i++) {
            char c = raw.charAt(i);
            clean.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
        }
        return clean.length() == 0 ? null : clean.toString();
    }

    private static Integer smallInteger(Object value) {
        Long n = wholeNumber(value, 1_000_000);
        return n == null ? null : n.intValue();
    }

    private static Long offset(Object value) {
        return wholeNumber(value, Long.MAX_VALUE);
    }

    /** A non-negative whole number up to {@code max}, or null for anything else (ignored, not trusted). */
    private static Long wholeNumber(Object value, long max) {
        if (!(value instanceof BigDecimal)) {
            return null;
        }
        BigDecimal number = ((BigDecimal) value).stripTrailingZeros();
        boolean whole = number.scale() <= 0;
        boolean inRange = number.signum() >= 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0;
        return whole && inRange ? number.longValue() : null;
    }
}
