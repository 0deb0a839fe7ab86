/** The {@code bkv-backup-v1} file format (DESIGN §4.3): segmented AES-256-GCM encryption as streams. */
package org.bkv.client.backup;
