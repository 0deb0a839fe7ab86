package org.bkv.web.api;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client address a call is counted against. Behind a load balancer every call comes from the balancer, so
 * {@code bkv.api.trusted-proxies} lists the proxies whose {@code X-Forwarded-For} is believed: the address is then
 * the right-most entry that is not itself a trusted proxy. Without trusted proxies the header is ignored (a client
 * could write anything there).
 */
@ApplicationScoped
public class ClientAddresses {

    @Inject
    @ConfigProperty(name = "bkv.api.trusted-proxies")
    private Optional<String> trustedConfig;

    private Set<String> trusted = Set.of();

    @PostConstruct
    void init() {
        trusted = Arrays.stream(trustedConfig.orElse("").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), trusted);
    }

    static String resolve(String remote, String forwardedFor, Set<String> trusted) {
        if (forwardedFor == null || !trusted.contains(remote)) {
            return remote;
        }
        List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusted.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return remote;
    }
}
