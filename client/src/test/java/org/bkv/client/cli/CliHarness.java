package org.bkv.client.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bkv} in process, as a script would, and keeps its exit code, stdout and stderr. Passwords
 * "typed" on the terminal come from {@link #typing}; without them there is no terminal.
 */
public final class CliHarness {

    /** One run's outcome. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private final Map<String, String> variables;
    private final Deque<String> typed = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();
    private boolean terminal;

    public CliHarness(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The next runs have a terminal on which these answers are typed, in order. */
    public CliHarness typing(String... answers) {
        terminal = true;
        typed.addAll(List.of(answers));
        return this;
    }

    /** The prompts shown on the terminal so far. */
    public List<String> prompts() {
        return List.copyOf(prompts);
    }

    public Run bkv(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CliEnvironment.PasswordPrompt prompt = !terminal ? null : question -> {
            prompts.add(question);
            String answer = typed.poll();
            return answer == null ? null : answer.toCharArray();
        };
        CliEnvironment environment = new CliEnvironment(new ByteArrayInputStream(new byte[0]), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), variables, false, false, prompt);
        int exit = BkvCli.commandLine(environment, args).execute(args);
        return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }
}
