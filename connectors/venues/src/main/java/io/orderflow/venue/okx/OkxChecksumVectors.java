package io.orderflow.venue.okx;

/** Exposes OKX's checksum function for the documented test vectors. */
public final class OkxChecksumVectors {
    private OkxChecksumVectors() {}

    /** Signed CRC32 of an OKX check string such as {@code "3366.1:7:3366.8:9:3366:6:3368:8"}. */
    public static int crc(String checkString) {
        return OkxChecksumBook.crc(checkString);
    }
}
