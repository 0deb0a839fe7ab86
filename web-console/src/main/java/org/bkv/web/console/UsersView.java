package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.bkv.ejb.application.ConsoleUserService;
import org.bkv.ejb.application.ConsoleUserView;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.bkv.ejb.domain.console.ConsoleRole;

/** Console accounts (administrators): list, create, disable, reset a password. */
@Named
@ViewScoped
public class UsersView implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private transient ConsoleUserService users;

    private String username;
    private ConsoleRole role;
    private String password;
    private String target;
    private String newPassword;
    private List<ConsoleUserView> all;

    public List<ConsoleUserView> getAll() {
        if (all == null) {
            all = users.list();
        }
        return all;
    }

    public ConsoleRole[] getRoles() {
        return ConsoleRole.values();
    }

    public String create() {
        try {
            users.create(username, role, password == null ? new char[0] : password.toCharArray());
        } catch (ConsoleInputException e) {
            FormMessages.beside("create", e);
            return null;
        } finally {
            password = null;
        }
        FormMessages.done("Account " + username + " created as " + role + ".");
        return "users?faces-redirect=true";
    }

    public String disable(String name) {
        try {
            users.disable(name);
        } catch (ConsoleInputException e) {
            FormMessages.beside("accounts:message", e.getMessage());
            return null;
        }
        FormMessages.done("Account " + name + " disabled.");
        return "users?faces-redirect=true";
    }

    public String reset() {
        try {
            users.resetPassword(target, newPassword == null ? new char[0] : newPassword.toCharArray());
        } catch (ConsoleInputException e) {
            FormMessages.beside("reset", e);
            return null;
        } finally {
            newPassword = null;
        }
        FormMessages.done("Password of " + target + " reset.");
        return "users?faces-redirect=true";
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public ConsoleRole getRole() {
        return role;
    }

    public void setRole(ConsoleRole role) {
        this.role = role;
    }

    public String getPassword() {
        return null;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getNewPassword() {
        return null;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }
}
