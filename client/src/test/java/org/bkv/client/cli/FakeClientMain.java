package org.bkv.client.cli;

/**
 * Stands in for the client jar in {@link BkvScriptTest}: prints its arguments on stdout and exits with
 * {@code FAKE_EXIT} (default 0), so that whatever else reaches stdout or stderr came from the script or the JVM.
 */
public final class FakeClientMain {

    private FakeClientMain() {
    }

    public static void main(String[] args) {
        System.out.println("client " + String.join(" ", args));
        String exit = System.getenv("FAKE_EXIT");
        System.exit(exit == null ? 0 : Integer.parseInt(exit));
    }
}
