package org.bkv.client.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs {@code bkv} in process, as a script would, and keeps its exit code, stdout and stderr. */
final class CliHarness {

    record Run(int exitCode, String stdout, String stderr) {
    }

    private final Map<String, String> variables;

    CliHarness(Map<String, String> variables) {
        this.variables = variables;
    }

    Run bkv(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliEnvironment environment = new CliEnvironment(new ByteArrayInputStream(new byte[0]), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), variables, false, false);
        int exit = BkvCli.commandLine(environment).execute(args);
        return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}
