package io.cloudrig.model.spi;

import java.util.List;

/**
 * Runs one task per item on a bounded pool, the way every plugin that works on several servers needs it: at most
 * {@code parallelism} at once (further capped by the function's own setting), no new task once the deployment's lease
 * is lost, each item's result or failure kept, in item order. A plugin writes the one-item task; the strategy around it
 * is orchestration's (compare jclouds' {@code CreateNodesWithGroupEncodedIntoNameThenAddToSet}).
 */
public interface FanOut {

    /**
     * Runs {@code task} for every item and waits for all of them.
     *
     * @param what what the tasks do, for progress lines ("cloning", "running stack.sh")
     * @param parallelism the most tasks at once the plugin asks for (its config's {@code parallelism}); at least 1
     * @return every item's outcome; never throws for a failed item
     * @throws ContinueLater when the function call's time limit came before every item was done (items whose turn
     *                       came too late are not started; those running end first): the step is called again later,
     *                       and the plugin goes on from what it recorded
     */
    <I, R> Outcomes<I, R> run(String what, List<I> items, int parallelism, Task<I, R> task);

    /** The work on one item. */
    @FunctionalInterface
    interface Task<I, R> {
        /**
         * @param index the item's position in the list (deterministic names and resource ids derive from it)
         */
        R run(int index, I item) throws Exception;
    }

    /** A fan-out that runs the tasks one after another on the caller's thread (for plugins' unit tests). */
    static FanOut sequential() {
        return new FanOut() {
            @Override
            public <I, R> Outcomes<I, R> run(String what, List<I> items, int parallelism, Task<I, R> task) {
                Outcomes.Builder<I, R> out = Outcomes.builder(items);
                for (int i = 0; i < items.size(); i++) {
                    try {
                        out.succeeded(i, task.run(i, items.get(i)));
                    } catch (Exception e) {
                        out.failed(i, e);
                    }
                }
                return out.build();
            }
        };
    }
}
