package io.orderflow.venue;

/** A frame or REST body that cannot be decoded; the message is the reason recorded in the data-quality table. */
public class FrameException extends RuntimeException {
    public FrameException(String reason) {
        super(reason, null, false, false);
    }

    public FrameException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
