package org.bkv.client.cli;

import org.bkv.client.backup.NativeGcm;
import org.bkv.client.key.BackupKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@code bkv}, the backup client's command line. Main class of {@code bkv-client.jar}. */
@Command(name = "bkv", mixinStandardHelpOptions = true, versionProvider = BkvCli.Version.class,
        description = "BKV backup client: backup keys, end-to-end encrypted backup files, the appliance's vault"
                + " and backup store.")
public final class BkvCli implements Callable<Integer> {

    /** The commands, in the order help lists them (then {@code help}). */
    private static final List<Class<?>> COMMANDS = List.of(KeygenCommand.class, EncryptCommand.class,
            DecryptCommand.class, EscrowCommand.class, RecoverCommand.class, BackupCommand.class, RestoreCommand.class,
            DeleteRecordCommand.class, AuditCommand.class);

    private final CliEnvironment environment;
    private final PrintWriter err;

    @Spec
    CommandSpec spec;

    private BkvCli(CliEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.err = new PrintWriter(new OutputStreamWriter(environment.stderr(), StandardCharsets.UTF_8), true);
    }

    public static void main(String[] args) {
        NativeGcm.chooseBeforeBouncyCastleLoads();
        TransferCommand.warmUpForLargeInput(args);
        System.exit(commandLine(CliEnvironment.system(), args).execute(args));
    }

    /** The configured command line with every command; {@code execute(args)} returns an {@link ExitCodes} value. */
    public static CommandLine commandLine(CliEnvironment environment) {
        return build(environment, COMMANDS, true);
    }

    /**
     * The command line for these arguments: when the first one names a command, only that command is built (picocli
     * reads every option of every command it is given, and the vault commands' option types pull in the OPAQUE suites
     * and Bouncy Castle's curves: most of a short run's start-up CPU); otherwise (help, a mistyped command, nothing)
     * all of them, so that help lists them and picocli can suggest the nearest.
     */
    public static CommandLine commandLine(CliEnvironment environment, String... args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return build(environment, List.of(command), false);
                }
            }
        }
        return commandLine(environment);
    }

    private static CommandLine build(CliEnvironment environment, List<Class<?>> commands, boolean withHelp) {
        BkvCli bkv = new BkvCli(environment);
        CommandLine commandLine = new CommandLine(bkv);
        for (Class<?> command : commands) {
            commandLine.addSubcommand(command);
        }
        if (withHelp) {
            commandLine.addSubcommand(CommandLine.HelpCommand.class);
        }
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(environment.stdout(), StandardCharsets.UTF_8), true));
        commandLine.setErr(bkv.err);
        commandLine.setExecutionExceptionHandler(BkvCli::handleFailure);
        listExitCodes(commandLine);
        return commandLine;
    }

    CliEnvironment environment() {
        return environment;
    }

    PrintWriter err() {
        return err;
    }

    /** {@code bkv} alone: a usage error that lists the commands. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: keygen, encrypt, decrypt, escrow, recover, backup, restore, delete-record or audit");
    }

    private static int handleFailure(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        int exitCode;
        if (failure instanceof CliFailure) {
            err.println("bkv: " + failure.getMessage());
            exitCode = ((CliFailure) failure).exitCode();
        } else if (failure instanceof IOException) {
            err.println("bkv: " + IoErrors.describe((IOException) failure));
            exitCode = ExitCodes.IO_ERROR;
        } else {
            err.println("bkv: internal error: " + failure);
            exitCode = ExitCodes.INTERNAL_ERROR;
        }
        err.flush();
        return exitCode;
    }

    private static void listExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.descriptions());
        commandLine.getSubcommands().values().forEach(BkvCli::listExitCodes);
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BackupKey.class.getPackage().getImplementationVersion();
            return new String[] {"bkv " + (version != null ? version : "(development build)")};
        }
    }
}
