package org.bkv.hsm;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DESIGN §5 keys found on the token, by label. Keys not (yet) provisioned are listed in {@link #missing()}.
 */
public record KeyInventory(Map<HsmKey, KeyInfo> present) {

    public KeyInventory {
        EnumMap<HsmKey, KeyInfo> copy = new EnumMap<>(HsmKey.class);
        copy.putAll(present);
        present = java.util.Collections.unmodifiableMap(copy);
    }

    public Optional<KeyInfo> get(HsmKey key) {
        return Optional.ofNullable(present.get(key));
    }

    /** Key info for {@code key}; fails with a one-line hint when the token lacks it. */
    public KeyInfo require(HsmKey key) {
        KeyInfo info = present.get(key);
        if (info == null) {
            throw new HsmConfigurationException("key " + key.label() + " is not on the token: provision the token "
                    + "(Hsm.provisionKeys) or restore the key backup");
        }
        return info;
    }

    public List<HsmKey> missing() {
        return java.util.Arrays.stream(HsmKey.values()).filter(k -> !present.containsKey(k)).toList();
    }

    public boolean complete() {
        return missing().isEmpty();
    }
}
