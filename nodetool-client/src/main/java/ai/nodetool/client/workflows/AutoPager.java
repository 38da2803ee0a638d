package ai.nodetool.client.workflows;

import ai.nodetool.client.errors.NodeToolException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every workflow of a listing, fetched page by page as iteration proceeds: a page is requested
 * only when the previous one is used up. Iteration stops at a page without {@code next}, and
 * also when the server repeats a cursor it already sent (so a faulty server cannot loop
 * forever). Each {@link #iterator()} / {@link #stream()} starts again from the first page.
 * Fetch failures are thrown from {@code hasNext()} as {@link NodeToolException}s.
 *
 * <p>The pager itself is immutable and may be shared between threads; each iterator or stream is
 * not thread-safe and fetches pages on the thread that advances it (blocking network I/O).
 *
 * @param <T> element type
 */
public final class AutoPager<T> implements Iterable<T> {
    private final ListWorkflowsParams first;
    private final Function<ListWorkflowsParams, WorkflowPage> fetch;
    private final Function<Workflow, T> map;

    AutoPager(ListWorkflowsParams first, Function<ListWorkflowsParams, WorkflowPage> fetch, Function<Workflow, T> map) {
        this.first = first;
        this.fetch = fetch;
        this.map = map;
    }

    /**
     * @param first the query of the first page
     * @param fetch fetches one page
     * @return a pager over workflows
     */
    public static AutoPager<Workflow> of(ListWorkflowsParams first, Function<ListWorkflowsParams, WorkflowPage> fetch) {
        return new AutoPager<>(first, fetch, Function.identity());
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private final Deque<Workflow> buffer = new ArrayDeque<>();
            private final Set<String> seenCursors = new HashSet<>();
            private ListWorkflowsParams nextQuery = first;

            {
                first.cursorValue().ifPresent(seenCursors::add);
            }

            @Override
            public boolean hasNext() {
                while (buffer.isEmpty() && nextQuery != null) {
                    WorkflowPage page = fetch.apply(nextQuery);
                    buffer.addAll(page.workflows());
                    String cursor = page.nextCursor().orElse(null);
                    nextQuery = cursor == null || !seenCursors.add(cursor) ? null : nextQuery.withCursor(cursor);
                }
                return !buffer.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return map.apply(buffer.removeFirst());
            }
        };
    }

    /** @return a sequential, lazy stream over all elements */
    public Stream<T> stream() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
