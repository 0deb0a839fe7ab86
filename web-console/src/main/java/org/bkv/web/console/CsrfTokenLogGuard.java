package org.bkv.web.console;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Mojarra logs a protected view's expected CSRF token (and the one received) at SEVERE when the two differ. That is
 * a live secret of someone's session: drop exactly those records from the lifecycle logger, keep everything else.
 */
@WebListener
public class CsrfTokenLogGuard implements ServletContextListener {

    /** Held strongly: java.util.logging forgets the settings of loggers nobody references. */
    private static final Logger LIFECYCLE = Logger.getLogger("jakarta.enterprise.resource.webcontainer.faces.lifecycle");

    @Override
    public void contextInitialized(ServletContextEvent event) {
        LIFECYCLE.setFilter(record -> record.getMessage() == null || !record.getMessage().contains("SecretKeyValue"));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        LIFECYCLE.setFilter(null);
    }
}
