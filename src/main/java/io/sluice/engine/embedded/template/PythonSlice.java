package io.sluice.engine.embedded.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Python's {@code seq[start:stop:step]} on lists and strings. Jinjava parses only {@code [start:stop]}, and Qwen3's
 * template walks the conversation backwards with {@code messages[::-1]}.
 */
final class PythonSlice {

    private PythonSlice() {
    }

    /** Slices {@code sequence}; a null bound means "omitted". Strings are sliced by code point, as Python does. */
    static Object slice(Object sequence, Integer start, Integer stop, Integer step) {
        int by = step == null ? 1 : step;
        if (by == 0) {
            throw new TemplateTypeError("slice step cannot be zero");
        }
        return switch (sequence) {
            case String s -> {
                int[] cps = s.codePoints().toArray();
                StringBuilder out = new StringBuilder();
                forEachIndex(cps.length, start, stop, by, i -> out.appendCodePoint(cps[i]));
                yield out.toString();
            }
            case Collection<?> c -> {
                List<?> items = c instanceof List<?> l ? l : new ArrayList<>(c);
                List<Object> out = new ArrayList<>();
                forEachIndex(items.size(), start, stop, by, i -> out.add(items.get(i)));
                yield out;
            }
            default -> throw new TemplateTypeError(TemplateTypeError.typeName(sequence) + " cannot be sliced");
        };
    }

    /** Visits the indices Python's {@code slice(start, stop, step).indices(length)} produces, in order. */
    private static void forEachIndex(int length, Integer start, Integer stop, int step, IntConsumer visit) {
        int from = start == null ? (step < 0 ? length - 1 : 0) : adjust(start, length, step);
        int to = stop == null ? (step < 0 ? -1 : length) : adjust(stop, length, step);
        if (step > 0) {
            for (int i = from; i < to; i += step) {
                visit.accept(i);
            }
        } else {
            for (int i = from; i > to; i += step) {
                visit.accept(i);
            }
        }
    }

    private static int adjust(int index, int length, int step) {
        if (index < 0) {
            index += length;
            if (index < 0) {
                return step < 0 ? -1 : 0;
            }
            return index;
        }
        if (index >= length) {
            return step < 0 ? length - 1 : length;
        }
        return index;
    }

    @FunctionalInterface
    private interface IntConsumer {
        void accept(int index);
    }
}
