package dev.seqtrain.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Copies a DL4J layer configuration's settings into another instance (DL4J's builders make only their own class). */
final class LayerCopies {
    private LayerCopies() {
    }

    /** Every instance field of {@code declaring} and its superclasses, from {@code from} into {@code to}. */
    static <T> T copy(Object from, T to, Class<?> declaring) {
        try {
            for (Class<?> type = declaring; type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(to, field.get(from));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy DL4J's " + declaring.getSimpleName() + " configuration", e);
        }
        return to;
    }
}
