package org.bkv.client.cli;

import org.bkv.client.backup.BackupCipher;
import org.bkv.client.backup.BackupFormatException;
import org.bkv.client.key.BackupKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What {@code encrypt} and {@code decrypt} share: key, input, output, overwrite and progress rules. */
abstract class TransferCommand implements Callable<Integer> {

    private static final String STANDARD_STREAM = "-";
    /** Inputs at least this large are worth compiling the cipher for before the command line is parsed. */
    static final long WARM_UP_INPUT_SIZE = 64L << 20;

    @ParentCommand
    BkvCli bkv;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyInput keyInput;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", defaultValue = STANDARD_STREAM,
            description = "Input file, or - for standard input (the default).")
    String input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = STANDARD_STREAM,
            description = "Output file, or - for standard output (the default). A file is written "
                    + "beside itself under a temporary name and renamed when complete, so it never "
                    + "holds partial output; it is created readable only by you.")
    String output;

    @Option(names = {"-f", "--force"}, description = "Replace the output file if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (shown only when stderr is a terminal).")
    boolean quiet;

    /**
     * Before picocli parses {@code args} (≈ 0.15 s of one core): when they are an {@code encrypt} or {@code decrypt}
     * of a regular file of {@value #WARM_UP_INPUT_SIZE} bytes or more, starts compiling the cipher on another core
     * ({@link BackupCipher#warmUpInBackground}), so that the file's first segments already go at full speed. Any
     * argument naming such a file counts (the input is the only positional one); a wrong guess, e.g. a large existing
     * output file, costs ≈ 0.1 s of CPU on the other core and nothing else. Returns whether it started.
     */
    static boolean warmUpForLargeInput(String[] args) {
        if (args.length < 2 || !("encrypt".equals(args[0]) || "decrypt".equals(args[0]))) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            File file = new File(args[i]);
            if (file.isFile() && file.length() >= WARM_UP_INPUT_SIZE) {
                BackupCipher.warmUpInBackground("decrypt".equals(args[0]));
                return true;
            }
        }
        return false;
    }

    /** "encrypting" / "decrypting", for the progress bar. */
    abstract String progressLabel();

    /** Refuses an output that makes no sense for this command, e.g. ciphertext to a terminal. */
    abstract void checkStandardOutput(CliEnvironment environment);

    abstract void transfer(BackupKey key, InputStream in, OutputStream out) throws IOException;

    @Override
    public Integer call() throws IOException {
        CliEnvironment environment = bkv.environment();
        boolean toStandardOutput = STANDARD_STREAM.equals(output);
        if (toStandardOutput) {
            checkStandardOutput(environment);
        }
        BackupKey key = keyInput.read(environment.variables());
        try (InputStream in = openInput(environment);
             OutputFile file = toStandardOutput ? null : OutputFile.create(Path.of(output), force)) {
            ProgressMeter progress = quiet || !environment.stderrIsTerminal() ? null
                    : new ProgressMeter(in, progressLabel(), inputSize(), bkv.err(), System::nanoTime);
            CountingOutputStream out = new CountingOutputStream(file == null ? environment.stdout() : file.stream());
            try {
                transfer(key, progress == null ? in : progress, out);
                out.flush();
            } catch (BackupFormatException e) {
                throw new CliFailure(ExitCodes.BACKUP_REJECTED, "cannot decrypt " + inputName() + ": "
                        + e.getMessage() + (file != null ? "; no output file was written"
                        : out.count > 0 ? " (the " + out.count + " bytes written to standard output were"
                        + " verified, but the output is incomplete)" : ""));
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
            if (file != null) {
                file.commit();
            }
            return ExitCodes.OK;
        } finally {
            key.destroy();
        }
    }

    private InputStream openInput(CliEnvironment environment) throws IOException {
        if (STANDARD_STREAM.equals(input)) {
            return new NonClosingInputStream(environment.stdin());
        }
        Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            throw new CliFailure(ExitCodes.IO_ERROR, "input " + input + " is a directory");
        }
        return Files.newInputStream(path);
    }

    private long inputSize() {
        try {
            Path path = Path.of(input);
            return STANDARD_STREAM.equals(input) || !Files.isRegularFile(path) ? -1 : Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    private String inputName() {
        return STANDARD_STREAM.equals(input) ? "standard input" : input;
    }

    /** Counts what reaches the output, to tell the user how much of a failed decryption was written. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    /** Standard input stays open for the process; closing the command's input must not close it. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public void close() {
            // Standard input belongs to the process.
        }
    }
}
