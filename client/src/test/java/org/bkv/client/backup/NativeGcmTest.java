package org.bkv.client.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where Bouncy Castle's native library may be loaded from: read from /proc/self/mountinfo lines. */
class NativeGcmTest {

    private static final List<String> MOUNTS = List.of(
            "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
            "40 26 0:30 / /tmp rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,size=1048576k",
            "41 40 0:31 / /tmp/exec\\040ok rw,relatime - tmpfs tmpfs rw",
            "42 26 0:32 / /var/tmp rw,noexec - tmpfs tmpfs rw",
            "43 26 0:33 / /var/tmp rw,relatime - tmpfs tmpfs rw",
            "44 26 0:34 / /tmpfoo rw,noexec - tmpfs tmpfs rw");

    @Test
    void aNoexecMountIsRefusedAndTheMountThatHoldsTheDirectoryDecides() {
        assertThat(NativeGcm.mayExecuteFrom(MOUNTS, Path.of("/home/user/tmp"))).as("the root file system").isTrue();
        assertThat(NativeGcm.mayExecuteFrom(MOUNTS, Path.of("/tmp"))).as("noexec /tmp").isFalse();
        assertThat(NativeGcm.mayExecuteFrom(MOUNTS, Path.of("/tmp/bkv"))).as("below noexec /tmp").isFalse();
        assertThat(NativeGcm.mayExecuteFrom(MOUNTS, Path.of("/tmp/exec ok/x"))).as("a mount inside it, escaped name").isTrue();
        assertThat(NativeGcm.mayExecuteFrom(MOUNTS, Path.of("/var/tmp"))).as("the later mount on one point").isTrue();
        assertThat(NativeGcm.mayExecuteFrom(MOUNTS, Path.of("/tmpfoo2"))).as("a path prefix is not a parent").isTrue();
        assertThat(NativeGcm.mayExecuteFrom(List.of("garbage", ""), Path.of("/tmp"))).isTrue();
    }

    @Test
    void thisMachinesTemporaryDirectoryIsJudgedWithoutLoadingBouncyCastle() {
        boolean exec = NativeGcm.mayExecuteFrom(Path.of(System.getProperty("java.io.tmpdir")));
        // On the machines that run this suite /tmp allows execution, and the client uses native code there.
        assertThat(exec || !NativeGcm.available()).isTrue();
    }
}
