/**
 * Application services: one use case per method, a few lines each, orchestrating the domain
 * model and the infrastructure. The console and the API call only these.
 */
package org.bkv.ejb.application;
