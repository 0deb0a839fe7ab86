package org.bkv.client.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI takes from its process: standard streams, environment variables, whether
 * stdout/stderr are terminals, and the terminal to ask passwords on (none: {@code null}). Tests pass
 * their own.
 */
public record CliEnvironment(InputStream stdin, OutputStream stdout, PrintStream stderr,
                             Map<String, String> variables, boolean stdoutIsTerminal,
                             boolean stderrIsTerminal, PasswordPrompt passwordPrompt) {

    /** Asks for a password without echo; returns null at end of input. The caller zeroes the result. */
    @FunctionalInterface
    public interface PasswordPrompt {
        char[] ask(String prompt);
    }

    /** An environment without a terminal to ask passwords on. */
    public CliEnvironment(InputStream stdin, OutputStream stdout, PrintStream stderr, Map<String, String> variables,
                          boolean stdoutIsTerminal, boolean stderrIsTerminal) {
        this(stdin, stdout, stderr, variables, stdoutIsTerminal, stderrIsTerminal, null);
    }

    /**
     * The real process environment. Standard input and output are unbuffered channels: bkv moves
     * whole segments, and channels reuse one direct buffer where the java.io streams would malloc
     * one per 1 MiB call.
     */
    public static CliEnvironment system() {
        return new CliEnvironment(
                Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel()),
                Channels.newOutputStream(new FileOutputStream(FileDescriptor.out).getChannel()),
                System.err, System.getenv(), isTerminal(1), isTerminal(2), consolePrompt());
    }

    /** The process's terminal (System.console()), if it has one: no echo. */
    private static PasswordPrompt consolePrompt() {
        java.io.Console console = System.console();
        return console == null ? null : prompt -> console.readPassword("%s: ", prompt);
    }

    /** Whether file descriptor {@code fd} is a terminal; Linux via /proc, elsewhere a guess. */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
                    || target.equals("/dev/console");
        } catch (Exception noProc) {
            return System.console() != null;
        }
    }
}
