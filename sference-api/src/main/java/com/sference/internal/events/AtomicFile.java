package com.sference.internal.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * Replaces a file's content atomically: the new bytes go to a temporary file beside it, are
 * forced to disk, and the temporary file is moved over the target in one step; the directory is
 * then forced too, where the platform allows. Files and directories it creates are for their
 * owner only on file systems with POSIX permissions.
 */
final class AtomicFile {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFile() {}

    /**
     * Writes {@code bytes} as the whole content of {@code file}. Call it only while holding the
     * file's lock: it first deletes the temporary files a killed writer left behind, which is safe
     * only when no other writer of {@code file} is running.
     *
     * @throws IOException if any step fails; {@code file} then keeps its old content
     */
    static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = "." + file.getFileName() + ".";
        deleteLeftovers(dir, prefix);
        Path temp = Files.createTempFile(dir, prefix, ".tmp", ownerOnlyFile());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        forceDirectory(dir);
    }

    /** Creates {@code dir} and its missing parents, for their owner only. */
    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, permissions("rwx------"));
        }
    }

    /** {@return the attributes of a file only its owner may read and write, where supported} */
    static FileAttribute<?>[] ownerOnlyFile() {
        return permissions("rw-------");
    }

    private static FileAttribute<?>[] permissions(String posix) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posix))}
                : new FileAttribute<?>[0];
    }

    /** Deletes {@code <prefix><digits>.tmp} files: the temporary files of writers that died before their move. */
    private static void deleteLeftovers(Path dir, String prefix) throws IOException {
        Pattern leftover = Pattern.compile(Pattern.quote(prefix) + "-?\\d+\\.tmp");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                entry -> leftover.matcher(entry.getFileName().toString()).matches())) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /** Makes the move itself durable; some platforms cannot open a directory, which is then skipped. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (Windows): the move is still atomic, only its durability is the file system's.
        }
    }
}
