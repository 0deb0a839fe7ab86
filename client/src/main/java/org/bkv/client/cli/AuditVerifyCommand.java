package org.bkv.client.cli;

import org.bkv.opaque.Base64Url;
import org.bkv.client.audit.AuditKeyException;
import org.bkv.client.audit.AuditPublicKey;
import org.bkv.client.audit.ExportFailure;
import org.bkv.client.audit.ExportVerification;
import org.bkv.client.audit.ExportVerifier;
import org.bkv.client.audit.SignedTreeHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bkv audit verify}: checks an audit export against the audit public key and names the first bad line. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify an audit export (bkv-audit-export-v1, JSON Lines) offline with only the appliance's"
                + " audit public key: recompute the Merkle tree over the exported events, check every signed tree"
                + " head (signature, place, root) and the later head's consistency proof, and report the first bad"
                + " line exactly. Exit code 7 if anything is wrong.",
                "Example: bkv audit verify audit-2025-06.jsonl --public-key bkv-audit.pem"})
final class AuditVerifyCommand implements Callable<Integer> {

    private static final String STANDARD_INPUT = "-";
    /** A PEM public key is a few hundred bytes; this bounds what is read from a wrong file. */
    private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    @ParentCommand
    AuditCommand audit;

    @Parameters(index = "0", paramLabel = "EXPORT", description = "The export file, or - for standard input.")
    String export;

    @Option(names = "--public-key", required = true, paramLabel = "PEM",
            description = "The appliance's bkv-audit public key, PEM \"PUBLIC KEY\" (EC P-256).")
    Path publicKey;

    @Option(names = "--allow-unsigned-tail",
            description = "Accept events after the last signed tree head (reported as not vouched for) instead of"
                    + " rejecting the export.")
    boolean allowUnsignedTail;

    @Override
    public Integer call() throws IOException {
        BkvCli bkv = audit.bkv;
        AuditPublicKey key = readKey();
        ExportVerification result;
        try (InputStream in = STANDARD_INPUT.equals(export) ? bkv.environment().stdin()
                : Files.newInputStream(Path.of(export))) {
            result = new ExportVerifier(key, allowUnsignedTail).verify(in);
        }
        return result.verified() ? reportVerified(result, key, bkv) : reportRejected(result, bkv.err());
    }

    private AuditPublicKey readKey() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(publicKey)) {
            bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_KEY_FILE_BYTES) {
            throw new CliFailure(ExitCodes.USAGE, "public key file " + publicKey + " is too large to be a PEM public key");
        }
        try {
            String pem = StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return AuditPublicKey.fromPem(pem);
        } catch (CharacterCodingException e) {
            throw new CliFailure(ExitCodes.USAGE, "public key file " + publicKey + " is not a PEM text file");
        } catch (AuditKeyException e) {
            throw new CliFailure(ExitCodes.USAGE, "public key file " + publicKey + ": " + e.getMessage());
        }
    }

    private int reportVerified(ExportVerification result, AuditPublicKey key, BkvCli bkv) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(bkv.environment().stdout(), StandardCharsets.UTF_8));
        out.println("verified: audit export " + exportName());
        out.println("  entries:     " + range(result.firstIndex(), result.eventsRead()));
        out.println("  tree heads:  " + result.headsVerified() + " signed and verified, each consistent with the one before");
        result.lastHead().ifPresent(head -> out.println("  last head:   " + describe(head)));
        out.println("  audit key:   SHA-256 " + key.fingerprint());
        if (result.unsignedTail() > 0) {
            out.println("warning: entries " + range(result.vouchedEnd(), result.unsignedTail())
                    + " come after the last signed tree head: NOT vouched for by any signature");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private int reportRejected(ExportVerification result, PrintWriter err) {
        ExportFailure failure = result.failure().orElseThrow();
        err.println("bkv: audit export " + exportName() + " REJECTED");
        err.println("bkv: " + failure);
        if (result.lastHead().isPresent()) {
            err.println("bkv: verified before it: entries " + range(result.firstIndex(),
                    result.vouchedEnd() - result.firstIndex()) + ", last good head " + describe(result.lastHead().get()));
        }
        err.flush();
        return ExitCodes.AUDIT_REJECTED;
    }

    private String exportName() {
        return STANDARD_INPUT.equals(export) ? "(standard input)" : export;
    }

    private static String range(long first, long count) {
        return count == 0 ? "none" : first + ".." + (first + count - 1) + " (" + count + (count == 1 ? " entry)" : " entries)");
    }

    private static String describe(SignedTreeHead head) {
        return "size " + head.size() + ", root " + Base64Url.encode(head.rootHash())
                + ", signed " + head.timestamp();
    }
}
