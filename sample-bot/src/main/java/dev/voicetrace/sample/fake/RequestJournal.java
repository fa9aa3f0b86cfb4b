package dev.voicetrace.sample.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * The fake server's log of every provider request, in arrival order.
 */
public final class RequestJournal {

    private final List<RecordedRequest> requests = new ArrayList<>();

    /** Records one request. */
    public synchronized void record(RecordedRequest request) {
        requests.add(request);
    }

    /** A snapshot of all recorded requests. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    /** Forgets all recorded requests. */
    public synchronized void clear() {
        requests.clear();
    }
}
