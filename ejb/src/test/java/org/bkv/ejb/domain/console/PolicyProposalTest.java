package org.bkv.ejb.domain.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.junit.jupiter.api.Test;

class PolicyProposalTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    private final PolicyProposal proposal = new PolicyProposal(42, 0, PolicySettings.DEFAULTS.withMaxAttempts(7), "admin.one", T0);

    @Test
    void keepsTheProposedSettingsExactly() {
        assertThat(proposal.settings()).isEqualTo(PolicySettings.DEFAULTS.withMaxAttempts(7));
        assertThat(proposal.status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void theProposerCannotDecide() {
        assertThatThrownBy(() -> proposal.approve("admin.one", T0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> proposal.reject("admin.one", T0, "no")).isInstanceOf(IllegalStateException.class);
        assertThat(proposal.status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void aDecisionIsFinal() {
        proposal.approve("officer.one", T0, 1);
        assertThat(proposal.status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(proposal.resultingVersion()).contains(1L);
        assertThatThrownBy(() -> proposal.reject("officer.two", T0, "late")).isInstanceOf(IllegalStateException.class);
        assertThat(proposal.decidedBy()).contains("officer.one");
    }
}
