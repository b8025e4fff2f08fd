package dev.sluice.local.cli;

import dev.sluice.core.lake.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local lake bucket read straight from the directory S3Proxy's filesystem store keeps it in: object {@code key}
 * of bucket {@code b} is the file {@code <lake directory>/b/key}. It lets {@code sluice status} and
 * {@code sluice report} reuse the core stores (watermark, lease, run ledger, reports) without starting S3Proxy.
 *
 * <p>Read-only: {@link #get}, {@link #head} and {@link #list} only. Every write throws, because a write that bypassed
 * S3Proxy would bypass the conditional writes (If-Match, If-None-Match) the state relies on; runs write the lake
 * through S3Proxy. ETags are the MD5 of the bytes in quotes, as S3 reports single-part objects; nothing here
 * compares them with S3Proxy's.
 */
final class LocalLakeFiles implements ObjectStore {

    private final Path bucketDirectory;

    /** @param bucketDirectory {@code .sluice/lake/<bucket>}; it need not exist (an empty lake) */
    LocalLakeFiles(Path bucketDirectory) {
        this.bucketDirectory = bucketDirectory.toAbsolutePath().normalize();
    }

    /** True when the bucket's directory exists, i.e. some run has written to the local lake. */
    boolean exists() {
        return Files.isDirectory(bucketDirectory);
    }

    Path directory() {
        return bucketDirectory;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(new StoredObject(bytes, etag(bytes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("the local lake object " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): check its permissions", e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return get(key).map(object -> new ObjectInfo(key, object.bytes().length, object.etag()));
    }

    /** Keys are the files' paths under the bucket directory with {@code /} separators, listed in key order. */
    @Override
    public ObjectPage list(String prefix, String continuationToken, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be positive, was " + maxKeys);
        }
        List<String> keys = keys(prefix);
        List<ObjectInfo> page = new ArrayList<>();
        String last = null;
        for (String key : keys) {
            if (continuationToken != null && key.compareTo(continuationToken) <= 0) {
                continue;
            }
            if (page.size() == maxKeys) {
                return new ObjectPage(page, last);
            }
            Path file = file(key);
            try {
                page.add(new ObjectInfo(key, Files.size(file), etag(Files.readAllBytes(file))));
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("the local lake object " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + "): check its permissions", e);
            }
            last = key;
        }
        return new ObjectPage(page, null);
    }

    /** Every key starting with {@code prefix}, sorted. Only the directory the prefix names (or its parent) is walked. */
    private List<String> keys(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? bucketDirectory : file(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> bucketDirectory.relativize(file).toString().replace(file.getFileSystem()
                            .getSeparator(), "/"))
                    .filter(key -> key.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("the local lake directory " + start + " cannot be listed: check its "
                    + "permissions", e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    @Override
    public PutResult putIfAbsent(String key, byte[] body, String contentType) {
        throw readOnly("write '" + key + "'");
    }

    @Override
    public PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag) {
        throw readOnly("write '" + key + "'");
    }

    @Override
    public MultipartUpload begin(String key, String contentType) {
        throw readOnly("upload '" + key + "'");
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        throw readOnly("list the multipart uploads under '" + prefix + "'");
    }

    private UnsupportedOperationException readOnly(String what) {
        return new UnsupportedOperationException("the local lake files in " + bucketDirectory + " are read-only "
                + "here: cannot " + what + "; runs write the lake through S3Proxy (./sluice run), which keeps its "
                + "conditional writes");
    }

    /** The file of {@code key}; a key that would leave the bucket directory is rejected. */
    private Path file(String key) {
        Path file = bucketDirectory.resolve(key).normalize();
        if (!file.startsWith(bucketDirectory)) {
            throw new IllegalArgumentException("'" + key + "' is not a key inside the local lake bucket "
                    + bucketDirectory);
        }
        return file;
    }

    private static String etag(byte[] bytes) {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    }
}
