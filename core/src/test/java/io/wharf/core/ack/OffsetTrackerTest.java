package io.wharf.core.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void committedOffsetWaitsForEveryEarlierEvent() {
        List<Long> commits = new ArrayList<>();
        OffsetTracker tracker = new OffsetTracker(100, commits::add);
        Acknowledgement first = tracker.track(150);
        Acknowledgement second = tracker.track(210);
        Acknowledgement third = tracker.track(300);

        third.release();
        second.release();
        assertThat(tracker.committed()).as("the first event is still out").isEqualTo(100);
        assertThat(commits).isEmpty();

        first.release();
        assertThat(tracker.committed()).isEqualTo(300);
        assertThat(commits).containsExactly(300L);
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void anEventRoutedToTwoSinksCommitsOnlyWhenBothAcknowledge() {
        List<Long> commits = new ArrayList<>();
        OffsetTracker tracker = new OffsetTracker(0, commits::add);
        Acknowledgement ack = tracker.track(42);
        ack.retain(2);   // two sinks
        ack.release();   // the source's own hold
        ack.release();   // sink one
        assertThat(commits).isEmpty();
        ack.release();   // sink two
        assertThat(commits).containsExactly(42L);
    }
}
