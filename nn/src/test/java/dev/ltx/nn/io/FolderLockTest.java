package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondWriterIsRefusedUntilTheFirstReleases() throws IOException {
        Path dir = tmp.resolve("run");
        try (FolderLock first = FolderLock.acquire(dir)) {
            assertTrue(Files.isRegularFile(first.file()));
            String content = Files.readString(first.file());
            assertTrue(content.startsWith("pid " + ProcessHandle.current().pid() + " host "), content);
            FolderLock.HeldException e = assertThrows(FolderLock.HeldException.class, () -> FolderLock.acquire(dir));
            assertTrue(e.getMessage().contains("in use by this process"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertFalse(Files.exists(dir), "the folder the lock created is removed when left empty");
        try (FolderLock again = FolderLock.acquire(dir)) {
            Files.writeString(dir.resolve("result.txt"), "x");
        }
        assertTrue(Files.isRegularFile(dir.resolve("result.txt")), "written results stay");
        assertFalse(Files.exists(dir.resolve(FolderLock.FILE)));
    }

    @Test
    void aLockOfADeadProcessIsStaleAndTakenOver() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        Path dir = Files.createDirectories(tmp.resolve("stale"));
        Files.writeString(dir.resolve(FolderLock.FILE), "pid " + deadPid + " host " + FolderLock.hostName()
                + " started 1 token t\n");
        Files.writeString(dir.resolve("keep.txt"), "x");
        try (FolderLock l = FolderLock.acquire(dir)) {
            assertTrue(Files.readString(l.file()).startsWith("pid " + ProcessHandle.current().pid()));
        }
        assertTrue(Files.exists(dir.resolve("keep.txt")));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no .stale leftovers");
        }
    }

    @Test
    void aLivePidWithAnotherStartTimeIsARecycledPid() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("recycled"));
        Files.writeString(dir.resolve(FolderLock.FILE), "pid " + ProcessHandle.current().pid() + " host "
                + FolderLock.hostName() + " started 12345 token t\n");
        try (FolderLock l = FolderLock.acquire(dir)) {
            assertTrue(Files.readString(l.file()).contains("token"));
        }
    }

    @Test
    void aLockFromAnotherHostIsHonouredWithAHint() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("remote"));
        Files.writeString(dir.resolve(FolderLock.FILE), "pid 1 host some-other-host started 1 token t\n");
        FolderLock.HeldException e = assertThrows(FolderLock.HeldException.class, () -> FolderLock.acquire(dir));
        assertTrue(e.getMessage().contains("pid 1 on some-other-host"), e.getMessage());
        assertTrue(e.getMessage().contains("delete " + dir.resolve(FolderLock.FILE).toAbsolutePath()), e.getMessage());
    }

    @Test
    void anOldUnreadableLockIsStale() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("garbage"));
        Path f = Files.writeString(dir.resolve(FolderLock.FILE), "garbage");
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        try (FolderLock l = FolderLock.acquire(dir)) {
            assertTrue(Files.readString(l.file()).startsWith("pid "));
        }
    }

    @Test
    void anEmptyLockLeftByAWriterKilledRightAfterCreatingItIsWaitedOutThenTaken() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(dir.resolve(FolderLock.FILE), ""); // created now, never filled
        long start = System.nanoTime();
        try (FolderLock l = FolderLock.acquire(dir)) {
            assertTrue(Files.readString(l.file()).startsWith("pid "));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.5 && seconds < 10, "waited for the file to stop being fresh: " + seconds + " s");
    }

    @Test
    void aFileIsNotAFolder() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(NotDirectoryException.class, () -> FolderLock.acquire(file));
        assertThrows(NotDirectoryException.class, () -> FolderLock.acquire(file.resolve("sub")));
    }

    @Test
    void closingTwiceAndAfterATakeoverIsHarmless() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("twice"));
        FolderLock l = FolderLock.acquire(dir);
        Files.writeString(l.file(), "pid 1 host other started 1 token u\n"); // someone replaced it
        l.close();
        l.close();
        assertTrue(Files.exists(l.file()), "a lock that is no longer ours is left alone");
    }
}
