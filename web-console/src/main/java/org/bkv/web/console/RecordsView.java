package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import org.bkv.ejb.application.ConsoleRecordService;
import org.bkv.ejb.application.RecordSummary;
import org.bkv.ejb.domain.console.ConsoleInputException;

/**
 * Records: look up by identifier (hashed by the service at once; the field is cleared and never rendered back),
 * show state and dates, delete with a reason and an explicit confirmation. There is no unlock.
 */
@Named
@ViewScoped
public class RecordsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private transient ConsoleRecordService records;

    private String identifier;
    private RecordSummary found;
    private boolean searched;
    private String reason;
    private boolean confirmed;

    public void lookUp() {
        try {
            found = records.lookUp(identifier).orElse(null);
            searched = true;
        } catch (ConsoleInputException e) {
            FormMessages.beside("lookup", e);
        } finally {
            identifier = null;
        }
    }

    public String delete() {
        if (found == null) {
            FormMessages.beside("delete:reason", "look the record up first");
            return null;
        }
        if (!confirmed) {
            FormMessages.beside("delete:confirmed", "tick the box to confirm: deletion cannot be undone");
            return null;
        }
        try {
            RecordSummary deleted = records.delete(found.recordId(), reason);
            FormMessages.done("Record " + deleted.idPrefix() + "… deleted; its key material is gone.");
        } catch (ConsoleInputException e) {
            FormMessages.beside("delete:" + ("identifier".equals(e.field()) ? "reason" : e.field()), e.getMessage());
            return null;
        }
        return "records?faces-redirect=true";
    }

    public RecordSummary getFound() {
        return found;
    }

    public boolean isSearched() {
        return searched;
    }

    public String getIdentifier() {
        return null;
    }

    public void setIdentifier(String identifier) {
        this.identifier = identifier;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public boolean isConfirmed() {
        return confirmed;
    }

    public void setConfirmed(boolean confirmed) {
        this.confirmed = confirmed;
    }
}
