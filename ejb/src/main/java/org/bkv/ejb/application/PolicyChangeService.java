package org.bkv.ejb.application;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.PolicyProposal;
import org.bkv.ejb.domain.console.PolicyProposalRepository;
import org.bkv.ejb.domain.console.RequiresPermission;
import org.bkv.ejb.domain.policy.Policy;
import org.bkv.ejb.domain.policy.PolicySettings;

/**
 * Dual control over the policy (DESIGN §7): an administrator proposes, a security officer who is not the proposer
 * approves (then, and only then, {@link PolicyService#apply} puts it into force) or rejects. One proposal waits at a time.
 */
@Stateless
public class PolicyChangeService {

    private static final int HISTORY = 50;

    @EJB
    private PolicyProposalRepository proposals;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditLog audit;

    @Resource
    private SessionContext caller;

    private final Clock clock = Clock.systemUTC();

    @RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER})
    @RequiresPermission(Permission.VIEW_POLICY)
    public Policy current() {
        return policies.current();
    }

    @RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER})
    @RequiresPermission(Permission.VIEW_POLICY)
    public Optional<PolicyProposalView> pending() {
        return proposals.pending().map(PolicyProposalView::of);
    }

    @RolesAllowed({ConsoleRole.ADMIN, ConsoleRole.OFFICER})
    @RequiresPermission(Permission.VIEW_POLICY)
    public List<PolicyProposalView> history() {
        return proposals.recent(HISTORY).stream().map(PolicyProposalView::of).toList();
    }

    @RolesAllowed(ConsoleRole.ADMIN)
    @RequiresPermission(Permission.PROPOSE_POLICY)
    public PolicyProposalView propose(PolicySettings settings) throws ConsoleInputException {
        if (settings == null) {
            throw new ConsoleInputException("maxAttempts", "the proposal is incomplete");
        }
        if (proposals.pending().isPresent()) {
            throw new ConsoleInputException("maxAttempts",
                    "a proposal is already waiting for a security officer; it must be decided first");
        }
        Policy base = policies.current();
        if (base.settings().equals(settings)) {
            throw new ConsoleInputException("maxAttempts", "the proposal changes nothing");
        }
        Instant now = clock.instant();
        PolicyProposal proposal = new PolicyProposal(ConsoleIds.next(), base.version(), settings, actor(), now);
        proposals.add(proposal);
        audit(AuditEventType.POLICY_PROPOSED, now, "proposal " + proposal.id() + " on version " + base.version()
                + ": " + settings);
        return PolicyProposalView.of(proposal);
    }

    @RolesAllowed(ConsoleRole.OFFICER)
    @RequiresPermission(Permission.DECIDE_POLICY)
    public Policy approve(long proposalId) throws ConsoleInputException {
        PolicyProposal proposal = decidable(proposalId);
        Instant now = clock.instant();
        Policy applied = policies.apply(proposal.settings(), actor());
        proposal.approve(actor(), now, applied.version());
        audit(AuditEventType.POLICY_APPROVED, now, "proposal " + proposalId + " by " + proposal.proposedBy()
                + " is version " + applied.version());
        return applied;
    }

    @RolesAllowed(ConsoleRole.OFFICER)
    @RequiresPermission(Permission.DECIDE_POLICY)
    public void reject(long proposalId, String reason) throws ConsoleInputException {
        String note = reason == null ? "" : reason.strip();
        if (note.length() < 3 || note.length() > 256) {
            throw new ConsoleInputException("reason", "say why in 3 to 256 characters");
        }
        PolicyProposal proposal = decidable(proposalId);
        Instant now = clock.instant();
        proposal.reject(actor(), now, note);
        audit(AuditEventType.POLICY_REJECTED, now, "proposal " + proposalId + " by " + proposal.proposedBy() + ": " + note);
    }

    private PolicyProposal decidable(long proposalId) throws ConsoleInputException {
        PolicyProposal proposal = proposals.findForUpdate(proposalId)
                .orElseThrow(() -> new ConsoleInputException("decision", "no such proposal"));
        if (proposal.status() != org.bkv.ejb.domain.console.ProposalStatus.PENDING) {
            throw new ConsoleInputException("decision", "this proposal was already decided");
        }
        if (proposal.proposedBy().equals(actor())) {
            throw new ConsoleInputException("decision", "dual control: the proposer cannot decide their own proposal");
        }
        return proposal;
    }

    private String actor() {
        return caller.getCallerPrincipal().getName();
    }

    private void audit(AuditEventType type, Instant now, String detail) {
        audit.record(new AuditEvent(type, now, Optional.empty(), actor(), detail));
    }
}
