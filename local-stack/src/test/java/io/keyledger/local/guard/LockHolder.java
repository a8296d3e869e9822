package io.keyledger.local.guard;

import java.nio.file.Path;

/** Test helper run as a separate JVM: holds the lock of a data directory until killed or stdin closes. */
public final class LockHolder {

    public static void main(String[] args) throws Exception {
        DataDirLock lock = DataDirLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() != -1) {
            // hold until stdin closes
        }
        lock.close();
    }
}
