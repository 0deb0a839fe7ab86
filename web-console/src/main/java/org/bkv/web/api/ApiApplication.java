package org.bkv.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The client API for backup clients, under /api/v1. */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(info = @Info(title = "BKV Backup Key Vault API", version = "1",
        description = "Register a backup key under a password (OPAQUE, RFC 9807), recover it,"
                + " and store end-to-end encrypted backups."))
public class ApiApplication extends Application {
}
