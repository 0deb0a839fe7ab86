package org.bkv.web.console;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds {@code SameSite=Strict} to the session cookie. Payara 6 ignores the Servlet 6 {@code <cookie-config>} attribute,
 * so the console sets it on the Set-Cookie header the container has just added (the response is not committed yet).
 */
final class SessionCookies {

    private SessionCookies() {
    }

    static void sameSiteStrict(HttpServletResponse response) {
        if (response.isCommitted()) {
            return;
        }
        List<String> cookies = new ArrayList<>(response.getHeaders("Set-Cookie"));
        if (cookies.stream().noneMatch(SessionCookies::needsSameSite)) {
            return;
        }
        boolean first = true;
        for (String cookie : cookies) {
            String value = needsSameSite(cookie) ? cookie + "; SameSite=Strict" : cookie;
            if (first) {
                response.setHeader("Set-Cookie", value);
                first = false;
            } else {
                response.addHeader("Set-Cookie", value);
            }
        }
    }

    private static boolean needsSameSite(String cookie) {
        return cookie.startsWith("JSESSIONID=") && !cookie.toLowerCase(Locale.ROOT).contains("samesite");
    }
}
