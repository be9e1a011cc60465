package io.wharf.grok;

import java.util.Locale;

/** The value types a capture can be converted to: {@code %{INT:port:int}}. */
public enum FieldType {
    STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN;

    public static FieldType parse(String name) {
        if (name == null || name.isEmpty()) {
            return STRING;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The typed value; text that does not convert is kept as text rather than lost. */
    Object convert(String text) {
        try {
            return switch (this) {
                case STRING -> text;
                case INT -> Integer.valueOf(text.trim());
                case LONG -> Long.valueOf(text.trim());
                case FLOAT -> Float.valueOf(text.trim());
                case DOUBLE -> Double.valueOf(text.trim());
                case BOOLEAN -> Boolean.valueOf(text.trim());
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
