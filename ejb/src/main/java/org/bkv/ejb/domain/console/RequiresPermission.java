package org.bkv.ejb.domain.console;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the permission a console use case needs. Documentation for readers and for PermissionMatrixTest, which checks
 * that the method's {@code @RolesAllowed} grants exactly {@link Permission#roles()}; the container enforces the latter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {
    Permission value();
}
