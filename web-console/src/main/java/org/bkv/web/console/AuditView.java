package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.bkv.ejb.application.AuditCheck;
import org.bkv.ejb.application.AuditHeadStatus;
import org.bkv.ejb.application.AuditKey;
import org.bkv.ejb.application.ConsoleAuditService;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditFilter;
import org.bkv.ejb.domain.audit.AuditKeyUnavailableException;
import org.bkv.ejb.domain.audit.AuditOutcome;
import org.bkv.ejb.domain.audit.AuditRow;
import org.bkv.ejb.domain.console.ConsoleInputException;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The audit page (security officers): events newest first, filtered, a page at a time (the lazy model asks the service
 * for one page; consecutive pages use the last leaf index seen as a keyset, jumps an offset); the latest signed tree
 * head, the audit key, "verify now", and export links that carry the applied filter.
 */
@Named
@ViewScoped
public class AuditView implements Serializable {

    private static final long serialVersionUID = 1L;

    @EJB
    private transient ConsoleAuditService audit;

    // the form's text, and the text of the filter in force (export links carry the latter)
    private String from;
    private String to;
    private String type;
    private String actor;
    private String outcome;
    private Map<String, String> applied = new LinkedHashMap<>();
    private AuditFilter filter = AuditFilter.NONE;
    private AuditCheck check;
    // read once per view and again after each action: the page evaluates them several times per render
    private transient AuditHeadStatus head;
    private transient AuditKey key;
    private transient boolean read;

    private final Events events = new Events();

    public void apply() {
        try {
            AuditFilter parsed = AuditFilter.parse(from, to, type, actor, outcome);
            filter = parsed;
            applied = new LinkedHashMap<>();
            put("from", from);
            put("to", to);
            put("type", type);
            put("actor", actor);
            put("outcome", outcome);
            events.startOver();
            UIComponent table = FacesContext.getCurrentInstance().getViewRoot().findComponent(":list:events");
            if (table instanceof DataTable dataTable) {
                dataTable.setFirst(0);
            }
            read = false;
        } catch (ConsoleInputException e) {
            FormMessages.beside("filter", e);
        }
    }

    public void verifyNow() {
        check = audit.verifyNow();
        read = false;
    }

    public LazyDataModel<AuditRow> getEvents() {
        return events;
    }

    public AuditHeadStatus getHead() {
        readHeadAndKey();
        return head;
    }

    public AuditKey getKey() {
        readHeadAndKey();
        return key;
    }

    private void readHeadAndKey() {
        if (!read) {
            head = audit.latestHead().orElse(null);
            try {
                key = audit.auditKey();
            } catch (AuditKeyUnavailableException e) {
                key = null;
            }
            read = true;
        }
    }

    public AuditCheck getCheck() {
        return check;
    }

    public AuditEventType[] getTypes() {
        return AuditEventType.values();
    }

    public AuditOutcome[] getOutcomes() {
        return AuditOutcome.values();
    }

    /** The applied filter as query parameters for the export links ({@code &from=…}), non-blank ones only. */
    public String getExportQuery() {
        StringBuilder q = new StringBuilder();
        applied.forEach((k, v) -> q.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    public boolean isFiltered() {
        return !filter.isEmpty();
    }

    private void put(String key, String value) {
        if (value != null && !value.isBlank()) {
            applied.put(key, value.strip());
        }
    }

    /** One page per request; remembers where each page ended so the next one is a keyset read. */
    private final class Events extends LazyDataModel<AuditRow> {

        private static final long serialVersionUID = 1L;

        private final Map<Integer, Long> endOfPageBefore = new HashMap<>();

        void startOver() {
            endOfPageBefore.clear();
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, audit.count(filter));
        }

        @Override
        public List<AuditRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            Long before = endOfPageBefore.get(first);
            List<AuditRow> rows = before != null ? audit.page(filter, OptionalLong.of(before), 0, pageSize)
                    : audit.page(filter, OptionalLong.empty(), first, pageSize);
            if (!rows.isEmpty()) {
                endOfPageBefore.put(first + rows.size(), rows.get(rows.size() - 1).leafIndex());
            }
            return rows;
        }

        @Override
        public String getRowKey(AuditRow row) {
            return Long.toString(row.leafIndex());
        }

        @Override
        public AuditRow getRowData(String rowKey) {
            return null;
        }
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }
}
