package org.bkv.web.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Console requests get their session before anything is written, so its cookie can be marked SameSite=Strict
 * (with Secure and HttpOnly from web.xml): a cross-site page can then never ride on a console session.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleSessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.getSession(true);
        SessionCookies.sameSiteStrict(response);
        chain.doFilter(request, response);
    }
}
