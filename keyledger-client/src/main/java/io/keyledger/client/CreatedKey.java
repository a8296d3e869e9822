package io.keyledger.client;

/** A new key: its record and its plaintext, which only this answer carries. */
public record CreatedKey(KeyRecord record, String key) {

    @Override
    public String toString() {
        return "CreatedKey[" + record + ", key=(secret)]";
    }
}
