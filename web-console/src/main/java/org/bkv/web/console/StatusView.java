package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.List;
import org.bkv.ejb.application.ApplianceStatus;
import org.bkv.hsm.HsmException;
import org.bkv.hsm.KeyInfo;

/** Backing bean of the status page: health and key inventory, read once per request. */
@Named
@RequestScoped
public class StatusView {

    @EJB
    private ApplianceStatus status;

    private String hsmProblem;
    private String databaseProblem;
    private List<KeyInfo> keys;
    private boolean loaded;

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        hsmProblem = status.hsmProblem().orElse(null);
        databaseProblem = status.databaseProblem().orElse(null);
        try {
            keys = List.copyOf(status.keyInventory().present().values());
        } catch (HsmException e) {
            keys = List.of();
        }
    }

    public String getHsmProblem() {
        load();
        return hsmProblem;
    }

    public String getDatabaseProblem() {
        load();
        return databaseProblem;
    }

    public List<KeyInfo> getKeys() {
        load();
        return keys;
    }
}
