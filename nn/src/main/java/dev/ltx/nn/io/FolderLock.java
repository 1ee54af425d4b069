package dev.ltx.nn.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One writer per output folder: a lock file {@value #FILE} in the folder, created atomically
 * ({@code CREATE_NEW}) by the writer and deleted when it {@linkplain #close() finishes}. It holds
 * the owner's pid, host, process start time and a unique token, e.g.
 * {@code pid 4242 host box started 1733290000123 token 5f0c...}.
 *
 * <p>A second writer fails at once with {@link HeldException}, whose one-line message names the
 * owner. A lock is stale when its owner is gone: same host, and no live process has that pid with
 * that start time (so a recycled pid is not mistaken for the owner). A stale lock is taken over:
 * it is renamed aside under a unique name, checked to still be the stale one (else put back), and
 * deleted. A lock from another host cannot be checked and is honoured; the message says which
 * file to delete if that process is known to be gone. A process that dies by SIGKILL leaves its
 * file behind, which the next writer finds stale. A folder the lock created is removed again on
 * release when nothing was written into it, so a job that fails before writing leaves no trace.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file's name inside the folder. */
    public static final String FILE = ".ltx.lock";
    private static final Pattern FORMAT = Pattern.compile(
            "pid (\\d{1,19}) host (\\S{1,255}) started (-?\\d{1,19}) token (\\S{1,64})\\s*");
    private static final long START_TOLERANCE_MS = 2000;
    private static final long PAUSE_MS = 50;
    private static final int ATTEMPTS = 5;
    /** An unreadable lock file younger than this is being written; older, its writer died between create and write. */
    private static final long FRESH_MS = 1000;
    /** Pauses spent on one unreadable fresh lock file: a little over {@link #FRESH_MS}. */
    private static final int MAX_WAITS = (int) (FRESH_MS / PAUSE_MS) + 5;

    private final Path file;
    private final String content;
    private final boolean createdFolder;
    private boolean released;

    private FolderLock(Path file, String content, boolean createdFolder) {
        this.file = file;
        this.content = content;
        this.createdFolder = createdFolder;
    }

    /** Another live writer holds the folder; the message names it. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    /** A lock file's owner. */
    record Owner(long pid, String host, long startedMillis, String token) {
        static Optional<Owner> parse(String text) {
            Matcher m = FORMAT.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Owner(Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3)),
                        m.group(4)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String line() {
            return "pid " + pid + " host " + host + " started " + startedMillis + " token " + token;
        }

        /** Whether this owner certainly no longer runs: same host, and its pid is dead or another process's. */
        boolean isGone() {
            if (!host.equals(hostName())) {
                return false;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return true;
            }
            long started = startMillis(p.get());
            return started != Long.MIN_VALUE && Math.abs(started - startedMillis) > START_TOLERANCE_MS;
        }
    }

    /**
     * Creates {@code folder} (and its parents) when absent and locks it for this process.
     *
     * @throws HeldException        when a live writer holds it
     * @throws NotDirectoryException when {@code folder} is a file
     * @throws AccessDeniedException when the folder cannot be written
     */
    public static FolderLock acquire(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new NotDirectoryException(p + " exists and is not a folder");
                }
                break;
            }
        }
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new NotDirectoryException(e.getFile() + " exists and is not a folder");
        }
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(dir + " is not writable");
        }
        Path file = dir.resolve(FILE);
        ProcessHandle self = ProcessHandle.current();
        String line = new Owner(self.pid(), hostName(), startMillis(self), UUID.randomUUID().toString()).line();
        int waits = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new FolderLock(file, line, created);
            } catch (FileAlreadyExistsException e) {
                String existing = read(file);
                if (existing == null) {
                    continue; // released meanwhile
                }
                Optional<Owner> owner = Owner.parse(existing);
                if (owner.isPresent() && !owner.get().isGone()) {
                    throw held(dir, file, owner.get());
                }
                if (owner.isEmpty() && isFresh(file) && waits++ < MAX_WAITS) {
                    // being written right now (its writer fills it microseconds after creating it), or left empty
                    // by a writer killed in between: look again until it has content or is no longer fresh
                    pause();
                    attempt--;
                    continue;
                }
                removeStale(file, existing);
            }
        }
        throw new HeldException(dir + " is contended by other writers (lock " + file + "); try again");
    }

    /** The locked folder's lock file. */
    public Path file() {
        return file;
    }

    /**
     * Deletes the lock file (if it is still this lock's), and the folder too when this lock
     * created it and nothing was written into it; closing twice does nothing.
     */
    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        String now = read(file);
        if (now != null && now.strip().equals(content)) {
            Files.deleteIfExists(file);
        }
        if (createdFolder) {
            try {
                Files.deleteIfExists(file.getParent());
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // results were written: keep them
            }
        }
    }

    private static HeldException held(Path dir, Path file, Owner o) {
        boolean here = o.host().equals(hostName());
        String who = o.pid() == ProcessHandle.current().pid() && here ? "this process" : "pid " + o.pid() + " on " + o.host();
        return new HeldException(dir + " is in use by " + who + "; wait for it to finish or choose another folder"
                + (here ? "" : " (delete " + file + " if that process is gone)"));
    }

    /** Renames a stale lock aside, checks it is still the one judged stale, and deletes it (or puts it back). */
    private static void removeStale(Path file, String staleContent) throws IOException {
        Path aside = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".stale");
        try {
            Files.move(file, aside);
        } catch (NoSuchFileException e) {
            return; // someone else removed it
        }
        String moved = read(aside);
        if (moved != null && !moved.equals(staleContent)) {
            try {
                Files.move(aside, file); // a fresh lock taken meanwhile: give it back
                return;
            } catch (FileAlreadyExistsException e) {
                // yet another writer holds the name now; the one we moved lost the race
            }
        }
        Files.deleteIfExists(aside);
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while locking");
        }
    }

    private static boolean isFresh(Path file) {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() < FRESH_MS;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            return new String(b, 0, Math.min(b.length, 1024), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(i -> i.toEpochMilli()).orElse(Long.MIN_VALUE);
    }

    static String hostName() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!kernel.isEmpty()) {
                return kernel.replaceAll("\\s", "_");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the environment and the resolver
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip().replaceAll("\\s", "_");
        }
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("\\s", "_");
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
