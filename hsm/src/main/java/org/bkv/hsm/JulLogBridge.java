package org.bkv.hsm;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * Routes ipkcs11wrapper's logging (licence banner, a line per C_OpenSession) to java.util.logging instead of
 * stdout. Its INFO lines go to FINE (they are per-session noise); its DEBUG and TRACE output, which can print
 * attribute templates, is dropped so no key value can ever reach a log.
 */
final class JulLogBridge implements org.xipki.pkcs11.wrapper.Logger {
    private static final Logger LOG = Logger.getLogger("org.bkv.hsm.pkcs11");
    private static boolean installed;

    private JulLogBridge() {
    }

    /** Installs the bridge once per JVM, before the first PKCS11Module.getInstance. */
    static synchronized void install() {
        if (!installed) {
            StaticLogger.setLogger(new JulLogBridge());
            installed = true;
        }
    }

    @Override
    public void info(String format, Object... args) {
        log(Level.FINE, format, args);
    }

    @Override
    public void warn(String format, Object... args) {
        log(Level.WARNING, format, args);
    }

    @Override
    public void error(String format, Object... args) {
        log(Level.SEVERE, format, args);
    }

    @Override
    public void debug(String format, Object... args) {
        // dropped on purpose: debug output may include attribute values
    }

    @Override
    public void trace(String format, Object... args) {
        // dropped on purpose
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return LOG.isLoggable(Level.FINE);
    }

    @Override
    public boolean isWarnEnabled() {
        return LOG.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    private static void log(Level level, String format, Object... args) {
        if (!LOG.isLoggable(level)) {
            return;
        }
        StringBuilder out = new StringBuilder();
        int arg = 0;
        int from = 0;
        String f = format == null ? "" : format;
        int at;
        while ((at = f.indexOf("{}", from)) >= 0) {
            out.append(f, from, at);
            out.append(args != null && arg < args.length ? String.valueOf(args[arg++]) : "{}");
            from = at + 2;
        }
        out.append(f.substring(from));
        LOG.log(level, out.toString());
    }
}
