package org.bkv.web.api;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.bkv.ejb.domain.audit.ApiCaller;

/** Tells the audit log which client address this API request came from (the "who" of its events). */
@Provider
public class ApiCallerFilter implements ContainerRequestFilter {

    @Inject
    private ApiCaller caller;

    @Inject
    private ClientAddresses addresses;

    @Context
    private HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        caller.address(addresses.of(request));
    }
}
