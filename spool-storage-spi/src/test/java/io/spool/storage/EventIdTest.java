package io.spool.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void parsesTheRedisStreamIdShapes() {
        assertThat(EventId.parseCursor("1724342400000-3")).isEqualTo(new EventId(1724342400000L, 3));
        assertThat(EventId.parseCursor("1724342400000")).isEqualTo(new EventId(1724342400000L, 0));
        assertThat(EventId.parseCursor("17-*")).isEqualTo(new EventId(17, Long.MAX_VALUE));
        assertThat(EventId.parseCursor("abc")).isNull();
        assertThat(EventId.parseCursor("1-2-3")).isNull();
        assertThat(EventId.parseCursor("99999999999999999999-0")).isNull();
        assertThat(EventId.parseCursor("")).isNull();
    }

    @Test
    void nextIsStrictlyIncreasingEvenWhenTheClockGoesBack() {
        EventId a = new EventId(1000, 5);
        assertThat(a.next(1000)).isEqualTo(new EventId(1000, 6));
        assertThat(a.next(999)).isEqualTo(new EventId(1000, 6));
        assertThat(a.next(1001)).isEqualTo(new EventId(1001, 0));
    }

    @Test
    void justBeforeReadsTheEventItself() {
        EventId a = new EventId(1000, 0);
        assertThat(a.justBefore().compareTo(a)).isNegative();
        assertThat(new EventId(999, 7).compareTo(a.justBefore())).isNegative();
        assertThat(new EventId(1000, 3).justBefore()).isEqualTo(new EventId(1000, 2));
    }
}
