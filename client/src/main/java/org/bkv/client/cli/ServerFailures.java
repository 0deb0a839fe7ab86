package org.bkv.client.cli;

import org.bkv.client.sdk.BkvException;
import org.bkv.client.sdk.InvalidServerResponseException;
import org.bkv.client.sdk.RecordLockedException;
import org.bkv.client.sdk.ServerProblemException;
import org.bkv.client.sdk.ServerUnreachableException;
import org.bkv.client.sdk.ServiceUnavailableException;
import org.bkv.client.sdk.WrongPasswordException;

/** The SDK's failures as messages for a person and exit codes for a script. */
final class ServerFailures {

    private ServerFailures() {
    }

    static CliFailure describe(BkvException failure) {
        if (failure instanceof WrongPasswordException) {
            return new CliFailure(ExitCodes.WRONG_PASSWORD, failure.getMessage());
        }
        if (failure instanceof RecordLockedException) {
            return new CliFailure(ExitCodes.RECORD_LOCKED, "the vault record is locked: its password attempts are"
                    + " used up, and depending on the appliance's policy the escrowed key is locked or destroyed");
        }
        if (failure instanceof ServerUnreachableException) {
            return new CliFailure(ExitCodes.SERVER_UNREACHABLE, failure.getMessage());
        }
        if (failure instanceof InvalidServerResponseException) {
            return new CliFailure(ExitCodes.BAD_SERVER_RESPONSE, "invalid answer from the appliance: "
                    + failure.getMessage());
        }
        if (failure instanceof ServiceUnavailableException unavailable) {
            return new CliFailure(ExitCodes.SERVER_UNAVAILABLE, (unavailable.status() == 429
                    ? "the appliance is rate limiting this client" : "the appliance is unavailable")
                    + " (HTTP " + unavailable.status() + ")"
                    + unavailable.retryAfter().map(d -> "; try again in " + d.toSeconds() + " s").orElse(""));
        }
        if (failure instanceof ServerProblemException problem) {
            return refused(problem);
        }
        return new CliFailure(ExitCodes.INTERNAL_ERROR, failure.getMessage());
    }

    private static CliFailure refused(ServerProblemException problem) {
        if (problem.status() >= 500) {
            return new CliFailure(ExitCodes.SERVER_UNAVAILABLE, "the appliance failed: " + problem.getMessage());
        }
        String code = problem.code().orElse("");
        String message = switch (code) {
            case "replace-not-authorised" -> "a key is already escrowed under this identifier; to replace it, run"
                    + " `bkv escrow --replace` (it asks for the current password first)";
            case "no-backup" -> "the appliance holds no backup for this backup key";
            case "backup-exists" -> "the appliance's backup slot for this key belongs to another storage token";
            case "backup-token-invalid" -> "the appliance refused the storage token derived from this backup key";
            case "payload-too-large" -> "the appliance refuses a backup this large: " + problem.getMessage();
            case "client-not-authenticated" -> "the appliance requires an identity token whose subject is the identifier:"
                    + " pass --identity-token-file with a current token from your identity provider ("
                    + problem.getMessage() + ")";
            default -> "the appliance refused the request: " + problem.getMessage();
        };
        return new CliFailure(ExitCodes.SERVER_REFUSED, message);
    }
}
