/** Where backup ciphertext is kept: files under the data directory ({@code bkv.backup.dir}). */
package org.bkv.ejb.infrastructure.backup;
