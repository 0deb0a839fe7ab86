package org.bkv.ejb.domain.audit;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Who is calling the client API in this request: its network address, as the API resolved it (trusted proxies
 * considered). Set by the API layer, read by the audit log so that an API client's events name the address they
 * came from (DESIGN §8: who), without threading it through every vault method.
 */
@RequestScoped
public class ApiCaller {
    private static final int MAX_ADDRESS = 64;
    private String address;

    public void address(String value) {
        if (value != null && !value.isBlank() && value.length() <= MAX_ADDRESS) {
            this.address = value;
        }
    }

    public Optional<String> address() {
        return Optional.ofNullable(address);
    }
}
