package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.bkv.ejb.application.ConsoleSetupService;
import org.bkv.ejb.domain.console.ConsoleInputException;

/** First run: the setup token printed by {@code ./bkv up} creates the first administrator, once. */
@Named
@RequestScoped
public class SetupView {

    @EJB
    private ConsoleSetupService setup;

    private String token;
    private String username;
    private String password;
    private String repeat;

    public boolean isOpen() {
        return setup.open();
    }

    public String create() {
        try {
            setup.createFirstAdministrator(token, username, chars(password), chars(repeat));
        } catch (ConsoleInputException e) {
            FormMessages.beside("setup", e);
            return null;
        } finally {
            token = null;
            password = null;
            repeat = null;
        }
        FormMessages.done("Administrator " + username + " created. The setup token is spent; sign in.");
        return "/console/login.xhtml?faces-redirect=true";
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    public String getToken() {
        return null;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getRepeat() {
        return null;
    }

    public void setRepeat(String repeat) {
        this.repeat = repeat;
    }
}
