package io.orderflow.venue.trading;

/** The account is in a mode the job does not trade correctly in; the message says what to change. */
public final class UnsupportedAccountMode extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public UnsupportedAccountMode(String whatToChange) {
        super(whatToChange);
    }
}
