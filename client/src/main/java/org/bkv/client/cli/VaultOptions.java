package org.bkv.client.cli;

import org.bkv.client.sdk.BkvClient;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.KsfProfile;
import org.bkv.opaque.Suite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Options of the vault commands: whose record, which OPAQUE suite, which key stretching. */
final class VaultOptions {

    @Option(names = "--identifier", paramLabel = "ID", required = true,
            description = "The identifier the key is escrowed under (1..256 bytes of UTF-8), e.g. an e-mail address.")
    String identifier;

    @Option(names = "--suite", paramLabel = "SUITE", defaultValue = "P256-SHA256", converter = SuiteConverter.class,
            description = "OPAQUE suite: P256-SHA256 (default; the appliance keeps its server keys inside the HSM)"
                    + " or ristretto255-SHA512. Recovery must use the suite the key was escrowed with.")
    Suite suite;

    @Option(names = "--ksf", paramLabel = "PROFILE", defaultValue = "memory-constrained", converter = KsfConverter.class,
            description = "Argon2id profile run on this machine: memory-constrained (default: 64 MiB, t=3, p=4),"
                    + " rfc-recommended (2 GiB), moderate (19 MiB), light (8 MiB), test-only (8 KiB; tests and"
                    + " benchmarks only). Recovery must use the profile the key was escrowed with.")
    Ksf ksf;

    /** The name of the chosen KSF profile, as --ksf takes it. */
    String ksfName() {
        return Arrays.stream(KsfProfile.values()).filter(profile -> profile.ksf().equals(ksf))
                .map(KsfProfile::profileName).findFirst().orElse(ksf.toString());
    }

    /** The identifier, checked before anything is sent. */
    String identifier() {
        int length = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (length < 1 || length > BkvClient.MAX_IDENTIFIER_BYTES) {
            throw new CliFailure(ExitCodes.USAGE, "--identifier must be 1.." + BkvClient.MAX_IDENTIFIER_BYTES
                    + " bytes of UTF-8; got " + length);
        }
        return identifier;
    }

    static final class SuiteConverter implements ITypeConverter<Suite> {
        @Override
        public Suite convert(String value) throws InvalidEncodingException {
            try {
                return Suite.fromWireName(value);
            } catch (InvalidEncodingException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown suite '" + value
                        + "': use P256-SHA256 or ristretto255-SHA512");
            }
        }
    }

    static final class KsfConverter implements ITypeConverter<Ksf> {
        @Override
        public Ksf convert(String value) {
            return Arrays.stream(KsfProfile.values())
                    .filter(profile -> profile.profileName().equals(value))
                    .findFirst()
                    .map(KsfProfile::ksf)
                    .orElseThrow(() -> new picocli.CommandLine.TypeConversionException("unknown KSF profile '" + value
                            + "': use one of " + Arrays.stream(KsfProfile.values()).map(KsfProfile::profileName)
                            .collect(Collectors.joining(", "))));
        }
    }
}
