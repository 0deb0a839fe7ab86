package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.bkv.ejb.application.ConsoleUserService;
import org.bkv.ejb.domain.console.ConsoleInputException;

/** Every role: change one's own password. */
@Named
@RequestScoped
public class AccountView {

    @EJB
    private ConsoleUserService users;

    private String current;
    private String next;
    private String repeat;

    public String change() {
        try {
            users.changeOwnPassword(chars(current), chars(next), chars(repeat));
        } catch (ConsoleInputException e) {
            FormMessages.beside("password", e);
            return null;
        } finally {
            current = null;
            next = null;
            repeat = null;
        }
        FormMessages.done("Your password was changed.");
        return "account?faces-redirect=true";
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    public String getCurrent() {
        return null;
    }

    public void setCurrent(String current) {
        this.current = current;
    }

    public String getNext() {
        return null;
    }

    public void setNext(String next) {
        this.next = next;
    }

    public String getRepeat() {
        return null;
    }

    public void setRepeat(String repeat) {
        this.repeat = repeat;
    }
}
