package com.sference.internal.events;

import com.sference.CheckpointException;
import com.sference.CheckpointKey;
import com.sference.CheckpointStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Checkpoints in the Python SDK's JSON file. Each change holds an exclusive lock on
 * {@code <file>.lock} (and, since a JVM can hold a file lock only once, a lock per file within the
 * JVM) while it reads and rewrites the file through {@link AtomicFile}; a load reads without a
 * lock, as the file is only ever replaced whole. An operation runs to its
 * end even if the calling thread is interrupted, which would otherwise close the file channel
 * halfway; the interrupt status is kept.
 */
final class FileCheckpointStore implements CheckpointStore {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Clock clock;

    FileCheckpointStore(Path file, Clock clock) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<String> load(CheckpointKey key) {
        Objects.requireNonNull(key, "key");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return locked("read", document -> document.lastCompletionId(key), false);
    }

    @Override
    public void save(CheckpointKey key, String completionId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(completionId, "completionId");
        if (completionId.isEmpty()) {
            throw new IllegalArgumentException("completionId must not be empty");
        }
        locked("save", document -> {
            document.put(key, completionId, clock.instant());
            return Boolean.TRUE;
        }, true);
    }

    @Override
    public void clear(CheckpointKey key) {
        Objects.requireNonNull(key, "key");
        if (!Files.exists(file)) {
            return;
        }
        locked("clear", document -> document.remove(key), true);
    }

    /**
     * Runs {@code action} on the file's content and {@return what it returned}. A read takes no
     * lock, since writers replace the file in one step; a write holds both locks from before the
     * read until after the file was replaced, and writes only if the action returned {@code true}.
     */
    private <T> T locked(String what, Function<CheckpointDocument, T> action, boolean write) {
        boolean interrupted = Thread.interrupted();
        ReentrantLock inProcess = write ? IN_PROCESS.computeIfAbsent(file, path -> new ReentrantLock()) : null;
        if (inProcess != null) {
            inProcess.lock();
        }
        try {
            if (!write) {
                return action.apply(read());
            }
            AtomicFile.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), AtomicFile.ownerOnlyFile())) {
                channel.lock(); // released when the channel closes
                CheckpointDocument document = read();
                T result = action.apply(document);
                if (Boolean.TRUE.equals(result)) {
                    AtomicFile.write(file, document.toBytes());
                }
                return result;
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot " + what + " checkpoint file " + file + ": " + e, file, e);
        } finally {
            if (inProcess != null) {
                inProcess.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private CheckpointDocument read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return CheckpointDocument.empty(file);
        }
        return CheckpointDocument.parse(file, bytes);
    }

    @Override
    public String toString() {
        return "CheckpointStore.file(" + file + ")";
    }
}
