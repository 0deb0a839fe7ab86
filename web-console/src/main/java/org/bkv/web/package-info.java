/**
 * The WAR's web layer: the console ({@code console}), the client API ({@code api}), health
 * checks ({@code health}) and the filters that apply to all of them.
 */
package org.bkv.web;
