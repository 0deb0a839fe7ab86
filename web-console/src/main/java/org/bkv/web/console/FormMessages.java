package org.bkv.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import org.bkv.ejb.domain.console.ConsoleInputException;

/** Puts a service's refusal beside the input it concerns (form id + field name = client id), or on top of the page. */
final class FormMessages {

    private FormMessages() {
    }

    static void beside(String formId, ConsoleInputException e) {
        FacesContext.getCurrentInstance().addMessage(formId + ":" + e.field(),
                new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage(), e.getMessage()));
    }

    static void beside(String clientId, String message) {
        FacesContext.getCurrentInstance().addMessage(clientId,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, message, message));
    }

    static void done(String message) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, message, message));
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
    }
}
