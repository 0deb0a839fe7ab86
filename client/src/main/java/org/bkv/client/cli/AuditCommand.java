package org.bkv.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code bkv audit}: the security officer's tools for the appliance's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit log tools: verify an audit export offline with the appliance's audit public key.",
        subcommands = {AuditVerifyCommand.class})
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: verify");
    }
}
