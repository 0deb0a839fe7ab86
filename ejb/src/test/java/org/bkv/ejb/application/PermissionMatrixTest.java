package org.bkv.ejb.application;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.RequiresPermission;
import org.junit.jupiter.api.Test;

/**
 * The matrix of docs/SECURITY.md is what the container enforces: every public method of every console service names
 * its permission, and its {@code @RolesAllowed} (method or class) grants exactly the roles the matrix gives it.
 */
class PermissionMatrixTest {

    private static final List<Class<?>> CONSOLE_SERVICES = List.of(ConsoleUserService.class, PolicyChangeService.class,
            ConsoleRecordService.class, DashboardService.class, ConsoleAuditService.class);

    @Test
    void theMatrixIsTheOneDocumented() {
        assertThat(Permission.MANAGE_USERS.roles()).containsExactly(ConsoleRole.ADMINISTRATOR);
        assertThat(Permission.PROPOSE_POLICY.roles()).containsExactly(ConsoleRole.ADMINISTRATOR);
        assertThat(Permission.DECIDE_POLICY.roles()).containsExactly(ConsoleRole.SECURITY_OFFICER);
        assertThat(Permission.DELETE_RECORD.roles()).containsExactly(ConsoleRole.ADMINISTRATOR);
        assertThat(Permission.LOOK_UP_RECORD.roles()).containsExactlyInAnyOrder(ConsoleRole.ADMINISTRATOR, ConsoleRole.SECURITY_OFFICER);
        assertThat(Permission.VIEW_POLICY.roles()).containsExactlyInAnyOrder(ConsoleRole.ADMINISTRATOR, ConsoleRole.SECURITY_OFFICER);
        assertThat(Permission.VIEW_AUDIT.roles()).containsExactly(ConsoleRole.SECURITY_OFFICER);
        assertThat(Permission.EXPORT_AUDIT.roles()).containsExactly(ConsoleRole.SECURITY_OFFICER);
        assertThat(Permission.VIEW_DASHBOARD.roles()).containsExactlyInAnyOrder(ConsoleRole.values());
        assertThat(Permission.CHANGE_OWN_PASSWORD.roles()).containsExactlyInAnyOrder(ConsoleRole.values());
    }

    @Test
    void noRoleMayBothProposeAndDecideAPolicyChange() {
        for (ConsoleRole role : ConsoleRole.values()) {
            assertThat(Permission.PROPOSE_POLICY.grantedTo(role) && Permission.DECIDE_POLICY.grantedTo(role))
                    .as(role.name()).isFalse();
        }
    }

    @Test
    void everyConsoleUseCaseIsGuardedByExactlyTheRolesOfItsPermission() {
        int checked = 0;
        for (Class<?> service : CONSOLE_SERVICES) {
            assertThat(service.isAnnotationPresent(PermitAll.class)).as(service.getSimpleName()).isFalse();
            for (Method m : service.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                RequiresPermission needs = m.getAnnotation(RequiresPermission.class);
                assertThat(needs).as(service.getSimpleName() + "." + m.getName() + " names its permission").isNotNull();
                assertThat(m.isAnnotationPresent(PermitAll.class)).as(m.getName()).isFalse();
                RolesAllowed allowed = m.isAnnotationPresent(RolesAllowed.class) ? m.getAnnotation(RolesAllowed.class)
                        : service.getAnnotation(RolesAllowed.class);
                assertThat(allowed).as(service.getSimpleName() + "." + m.getName() + " has @RolesAllowed").isNotNull();
                Set<ConsoleRole> granted = Arrays.stream(allowed.value()).map(ConsoleRole::valueOf)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ConsoleRole.class)));
                assertThat(granted).as(service.getSimpleName() + "." + m.getName()).isEqualTo(needs.value().roles());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(22);
    }

    @Test
    void signOutNeedsASignedInRole() throws NoSuchMethodException {
        Method m = ConsoleAuthentication.class.getMethod("signedOut");
        assertThat(m.getAnnotation(RolesAllowed.class).value())
                .containsExactlyInAnyOrder(ConsoleRole.ADMIN, ConsoleRole.OFFICER, ConsoleRole.KEY_CUSTODIAN);
    }
}
