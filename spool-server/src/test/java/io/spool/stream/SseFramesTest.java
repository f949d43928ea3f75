package io.spool.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.EventId;
import io.spool.storage.StreamEvent;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    @Test
    void framesCarryEventDataAndIdAndNeverBreakOnNewlines() {
        StreamEvent e = new StreamEvent(new EventId(5, 1), "r", "custom", "{\"i\":1}".getBytes(), false);
        assertThat(new String(e.encoded(SseFrames::of))).isEqualTo("event: custom\ndata: {\"i\":1}\nid: 5-1\n\n");
        assertThat(new String(SseFrames.event("a\nb", "1".getBytes(), "x\r")))
                .isEqualTo("event: ab\ndata: 1\nid: x\n\n");
    }

    @Test
    void everyReaderSharesTheFrameBuiltOnce() {
        StreamEvent e = new StreamEvent(new EventId(5, 1), "r", "custom", "{}".getBytes(), false);
        assertThat(e.encoded(SseFrames::of)).isSameAs(e.encoded(SseFrames::of));
    }
}
