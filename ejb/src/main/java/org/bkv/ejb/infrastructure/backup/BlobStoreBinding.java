package org.bkv.ejb.infrastructure.backup;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The appliance's one blob store, rooted at {@code bkv.backup.dir} (the launcher sets it to {@code <data>/backups}).
 * Without that setting backups are refused with 503 rather than written somewhere unexpected.
 */
@ApplicationScoped
public class BlobStoreBinding {
    private static final Logger LOG = Logger.getLogger(BlobStoreBinding.class.getName());

    private Optional<FileBlobStore> store = Optional.empty();

    @PostConstruct
    void open() {
        Optional<String> dir = ConfigProvider.getConfig().getOptionalValue("bkv.backup.dir", String.class);
        if (dir.isEmpty()) {
            LOG.warning("bkv.backup.dir is not set: the backup API answers 503");
            return;
        }
        Path root = Path.of(dir.get());
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            LOG.severe("cannot create the backup directory " + root + ": " + e.getClass().getSimpleName());
            return;
        }
        store = Optional.of(new FileBlobStore(root));
        LOG.info("backups are stored under " + root);
    }

    public Optional<FileBlobStore> store() {
        return store;
    }
}
