package io.keyledger.validator.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptJournalTest {

    @TempDir
    Path dir;

    @Test
    void recordsComeBackInOrderWithTheirKeysAndAnAckedBatchIsNotReadAgain() {
        AttemptJournal journal = new AttemptJournal(dir, 1024, 4);
        journal.append(bytes("key-1"), bytes("{\"a\":1}"));
        journal.append(null, bytes("{\"b\":2}"));

        AttemptJournal.Batch batch = journal.poll(10);
        assertThat(texts(batch)).containsExactly("key-1={\"a\":1}", "null={\"b\":2}");
        assertThat(journal.pending()).isEqualTo(2);
        journal.ack(batch.end(), batch.entries().size());
        assertThat(journal.pending()).isZero();
        assertThat(journal.poll(10).isEmpty()).isTrue();

        journal.append(bytes("key-2"), bytes("{\"c\":3}"));
        assertThat(texts(journal.poll(10))).containsExactly("key-2={\"c\":3}");
    }

    @Test
    void aRewindReadsTheUnacknowledgedRecordsAgain() {
        AttemptJournal journal = new AttemptJournal(dir, 1024, 4);
        journal.append(bytes("k"), bytes("one"));
        assertThat(journal.poll(10).entries()).hasSize(1);
        assertThat(journal.poll(10).isEmpty()).isTrue();
        journal.rewind();
        assertThat(texts(journal.poll(10))).containsExactly("k=one");
    }

    @Test
    void recordsCrossSegmentsAndSegmentsBehindTheAckAreDeleted() throws Exception {
        AttemptJournal journal = new AttemptJournal(dir, 1024, 8);
        for (int i = 0; i < 30; i++) {
            assertThat(journal.append(bytes("key-" + i), bytes("x".repeat(100) + i))).isTrue();
        }
        assertThat(segmentFiles()).hasSizeGreaterThan(2);
        AttemptJournal.Batch batch = journal.poll(100);
        assertThat(batch.entries()).hasSize(30);
        assertThat(new String(batch.entries().get(29).value(), StandardCharsets.UTF_8)).endsWith("29");
        journal.ack(batch.end(), 30);
        assertThat(segmentFiles()).hasSize(1);
    }

    @Test
    void aFullJournalRefusesUntilTheSenderCatchesUp() {
        AttemptJournal journal = new AttemptJournal(dir, 1024, 2);
        int accepted = 0;
        while (journal.append(bytes("k"), bytes("y".repeat(200)))) {
            accepted++;
        }
        assertThat(accepted).isBetween(4, 8);
        AttemptJournal.Batch batch = journal.poll(100);
        assertThat(batch.entries()).hasSize(accepted);
        journal.ack(batch.end(), accepted);
        assertThat(journal.append(bytes("k"), bytes("y".repeat(200)))).isTrue();
        assertThat(journal.append(bytes("k"), bytes("z".repeat(2000)))).as("larger than a segment").isFalse();
    }

    @Test
    void aNewInstanceOnTheSameDirectoryGetsWhatWasNotAcknowledgedAndKeepsItsId() {
        AttemptJournal before = new AttemptJournal(dir, 1024, 4);
        before.append(bytes("a"), bytes("sent"));
        AttemptJournal.Batch sent = before.poll(10);
        before.ack(sent.end(), 1);
        before.append(bytes("b"), bytes("not sent 1"));
        before.append(bytes("c"), bytes("not sent 2"));
        // no close(): the process is killed

        AttemptJournal after = new AttemptJournal(dir, 1024, 4);
        assertThat(after.instanceId()).isEqualTo(before.instanceId());
        assertThat(after.pending()).isEqualTo(2);
        assertThat(texts(after.poll(10))).containsExactly("b=not sent 1", "c=not sent 2");
        after.append(bytes("d"), bytes("new"));
        assertThat(texts(after.poll(10))).containsExactly("d=new");
    }

    @Test
    void aRecordCutShortByAKillIsSkippedAndWhatFollowsInLaterSegmentsIsRead() throws Exception {
        AttemptJournal before = new AttemptJournal(dir, 1024, 4);
        before.append(bytes("a"), bytes("whole"));
        Path segment = segmentFiles().get(0);
        // a second record whose length was never written: its bytes are there, its length is 0
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes("garbage")), 40);
        }
        AttemptJournal after = new AttemptJournal(dir, 1024, 4);
        after.append(bytes("b"), bytes("after restart"));
        assertThat(texts(after.poll(10))).containsExactly("a=whole", "b=after restart");
    }

    @Test
    void theCommittedPositionOfKafkaWinsOverAnOlderLocalAck() {
        AttemptJournal journal = new AttemptJournal(dir, 1024, 4);
        journal.append(bytes("a"), bytes("1"));
        journal.append(bytes("b"), bytes("2"));
        AttemptJournal.Batch first = journal.poll(1);
        journal.append(bytes("c"), bytes("3"));
        journal.rewind();

        journal.ackCommitted(first.end());
        assertThat(journal.pending()).isEqualTo(2);
        assertThat(texts(journal.poll(10))).containsExactly("b=2", "c=3");
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static List<String> texts(AttemptJournal.Batch batch) {
        return batch.entries().stream().map(e -> (e.key() == null ? "null" : new String(e.key(), StandardCharsets.UTF_8))
                + "=" + new String(e.value(), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
