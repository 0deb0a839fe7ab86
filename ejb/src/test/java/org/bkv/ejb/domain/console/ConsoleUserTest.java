package org.bkv.ejb.domain.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleUserTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    private final ConsoleUser user = new ConsoleUser(1, new Username("alice"), ConsoleRole.ADMINISTRATOR, "h", "setup", T0);

    @Test
    void fifthWrongPasswordInARowLocksForFifteenMinutes() {
        for (int i = 1; i < ConsoleUser.MAX_FAILED_LOGINS; i++) {
            assertThat(user.loginFailed(T0)).isFalse();
        }
        assertThat(user.loginFailed(T0)).isTrue();
        assertThat(user.lockedAt(T0.plusSeconds(14 * 60 + 59))).isTrue();
        assertThat(user.lockedAt(T0.plusSeconds(15 * 60))).isFalse();
    }

    @Test
    void successResetsTheFailureCount() {
        for (int i = 1; i < ConsoleUser.MAX_FAILED_LOGINS; i++) {
            user.loginFailed(T0);
        }
        user.loginSucceeded();
        assertThat(user.loginFailed(T0)).isFalse();
        assertThat(user.lockedAt(T0)).isFalse();
    }

    @Test
    void usernamesAreShapedAndPasswordsLongEnough() throws ConsoleInputException {
        assertThat(Username.parse("u", "officer.one").value()).isEqualTo("officer.one");
        assertThatThrownBy(() -> Username.parse("u", "Al")).isInstanceOf(ConsoleInputException.class);
        assertThatThrownBy(() -> Username.parse("u", "x'; DROP TABLE")).isInstanceOf(ConsoleInputException.class);
        assertThatThrownBy(() -> PasswordRules.check("p", "short".toCharArray(), null))
                .isInstanceOf(ConsoleInputException.class).hasMessageNotContaining("short");
        assertThatThrownBy(() -> PasswordRules.check("p", "officer.one.pw".toCharArray(), new Username("officer.one.pw")))
                .isInstanceOf(ConsoleInputException.class);
    }
}
