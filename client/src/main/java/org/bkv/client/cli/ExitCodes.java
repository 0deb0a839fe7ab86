package org.bkv.client.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of {@code bkv}; scripts may rely on them. Listed in every command's help. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A bug in bkv: an unexpected internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** Wrong command line: unknown option, missing argument, conflicting options. */
    public static final int USAGE = 2;
    /** The backup key given could not be read or is not in the 64-digit form. */
    public static final int BAD_KEY = 3;
    /** The backup was rejected: wrong key, modified, truncated, or not a bkv backup. */
    public static final int BACKUP_REJECTED = 4;
    /** Reading the input or writing the output failed. */
    public static final int IO_ERROR = 5;
    /** The output file exists and {@code --force} was not given; nothing was written. */
    public static final int OUTPUT_EXISTS = 6;
    /**
     * {@code bkv audit verify}: the audit export failed verification: an event altered, missing, duplicated or
     * out of order, a tree head not signed by the given key or not matching the events, a truncated export,
     * events no signed head covers (unless {@code --allow-unsigned-tail}), or not an export at all.
     */
    public static final int AUDIT_REJECTED = 7;
    /** {@code bkv recover}, {@code escrow --replace}, {@code delete-record}: wrong password (the attempt counted). */
    public static final int WRONG_PASSWORD = 8;
    /** The vault record's attempts are used up: locked (or destroyed, by policy). */
    public static final int RECORD_LOCKED = 9;
    /** The appliance could not be reached: connection refused, timeout, or its TLS certificate was refused. */
    public static final int SERVER_UNREACHABLE = 10;
    /** The appliance refused the request (another 4xx): e.g. a record exists, no backup stored, bad token. */
    public static final int SERVER_REFUSED = 11;
    /** The appliance is unavailable or failing (503, 429, other 5xx), still after polite retries. */
    public static final int SERVER_UNAVAILABLE = 12;
    /** The appliance answered something that is not the BKV API, or a download did not match its digest. */
    public static final int BAD_SERVER_RESPONSE = 13;

    private ExitCodes() {
    }

    /** Code → one-line meaning, in order, for the help text. */
    static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "success");
        codes.put(Integer.toString(INTERNAL_ERROR), "internal error (a bug in bkv)");
        codes.put(Integer.toString(USAGE), "usage error: wrong options or arguments");
        codes.put(Integer.toString(BAD_KEY), "bad key input: unreadable, or not 64 hex digits in 16 groups of 4");
        codes.put(Integer.toString(BACKUP_REJECTED), "backup rejected: wrong key, modified, truncated or not a backup");
        codes.put(Integer.toString(IO_ERROR), "I/O error reading the input or writing the output");
        codes.put(Integer.toString(OUTPUT_EXISTS), "output exists and --force was not given");
        codes.put(Integer.toString(AUDIT_REJECTED), "audit export rejected: altered, incomplete, unsigned or not an export");
        codes.put(Integer.toString(WRONG_PASSWORD), "wrong password (the attempt was counted)");
        codes.put(Integer.toString(RECORD_LOCKED), "vault record locked: its attempts are used up");
        codes.put(Integer.toString(SERVER_UNREACHABLE), "appliance unreachable, or its TLS certificate refused");
        codes.put(Integer.toString(SERVER_REFUSED), "appliance refused the request (4xx)");
        codes.put(Integer.toString(SERVER_UNAVAILABLE), "appliance unavailable or failing (503, 429, 5xx) after retries");
        codes.put(Integer.toString(BAD_SERVER_RESPONSE), "invalid answer from the appliance (not the BKV API, digest mismatch)");
        return codes;
    }
}
