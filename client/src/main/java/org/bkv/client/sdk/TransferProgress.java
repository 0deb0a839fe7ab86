package org.bkv.client.sdk;

/**
 * Told how far an upload or download has got: often (keep it cheap), one call at a time, on the calling
 * thread for downloads and on the HTTP client's threads for uploads. On a resumed transfer the first call
 * already counts the bytes sent or received before.
 */
@FunctionalInterface
public interface TransferProgress {

    /** Reports nothing. */
    TransferProgress NONE = (done, total) -> { };

    /**
     * @param bytesDone  bytes of the object transferred so far, resumed bytes included
     * @param bytesTotal the object's length, or -1 when not known yet
     */
    void update(long bytesDone, long bytesTotal);
}
