package org.bkv.client.audit;

import java.util.OptionalLong;

/**
 * The first thing wrong in an export: the 1-based line it was found on, the leaf index concerned when there
 * is one, the kind of problem and a sentence for a person.
 */
public record ExportFailure(long line, OptionalLong index, ExportProblem problem, String detail) {

    @Override
    public String toString() {
        return "line " + line + (index.isPresent() ? ", index " + index.getAsLong() : "") + ": "
                + problem.summary() + ": " + detail;
    }
}
