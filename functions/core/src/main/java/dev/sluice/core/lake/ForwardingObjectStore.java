package dev.sluice.core.lake;

import java.util.List;
import java.util.Optional;

/**
 * An object store that forwards every call to another; a subclass changes one operation (a decorator such as the
 * run ledger's JSON-lines framing, or a fault injected in a test).
 */
public abstract class ForwardingObjectStore implements ObjectStore {

    private final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return delegate.head(key);
    }

    @Override
    public PutResult putIfAbsent(String key, byte[] body, String contentType) {
        return delegate.putIfAbsent(key, body, contentType);
    }

    @Override
    public PutResult putIfMatch(String key, byte[] body, String contentType, String expectedEtag) {
        return delegate.putIfMatch(key, body, contentType, expectedEtag);
    }

    @Override
    public ObjectPage list(String prefix, String continuationToken, int maxKeys) {
        return delegate.list(prefix, continuationToken, maxKeys);
    }

    @Override
    public MultipartUpload begin(String key, String contentType) {
        return delegate.begin(key, contentType);
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return delegate.listMultipartUploads(prefix);
    }
}
