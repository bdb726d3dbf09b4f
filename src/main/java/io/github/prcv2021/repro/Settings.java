package io.github.prcv2021.repro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named parameters of an experiment with their values. Every parameter is declared with a
 * default of its type (int, long, double, boolean, string, or a list of strings), so that an
 * override given as text ({@code --set noise=0.3}) is parsed to that type, and an unknown name or a
 * value of the wrong type is a clear error that lists what is accepted.
 */
public final class Settings {

    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> help = new LinkedHashMap<>();

    /** Declares a parameter with its default value and a one-line description. */
    public Settings declare(String key, Object defaultValue, String description) {
        if (!(defaultValue instanceof Integer || defaultValue instanceof Long || defaultValue instanceof Double
                || defaultValue instanceof Boolean || defaultValue instanceof String || defaultValue instanceof List)) {
            throw new IllegalArgumentException("Settings expects int, long, double, boolean, String or List<String> for "
                    + key + ", got " + (defaultValue == null ? "null" : defaultValue.getClass().getSimpleName()));
        }
        values.put(key, defaultValue instanceof List<?> l ? List.copyOf(l) : defaultValue);
        help.put(key, description);
        return this;
    }

    /** Changes the value of a declared parameter, keeping its type. */
    public Settings set(String key, Object value) {
        Object old = requireKey(key);
        if (old.getClass() != value.getClass() && !(old instanceof List && value instanceof List)) {
            if (value instanceof Number n && old instanceof Double) {
                value = n.doubleValue();
            } else if (value instanceof Integer i && old instanceof Long) {
                value = i.longValue();
            } else {
                throw new IllegalArgumentException("Setting " + key + " expects a " + typeName(old) + ", got "
                        + value + " (" + value.getClass().getSimpleName() + ")");
            }
        }
        values.put(key, value);
        return this;
    }

    /** Parses {@code key=value} (as given to {@code --set}) and applies it. */
    public Settings override(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set expects key=value, got " + assignment);
        }
        String key = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1).trim();
        Object old = requireKey(key);
        try {
            Object v;
            if (old instanceof Integer) {
                v = Integer.parseInt(text);
            } else if (old instanceof Long) {
                v = Long.parseLong(text);
            } else if (old instanceof Double) {
                v = Double.parseDouble(text);
            } else if (old instanceof Boolean) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new NumberFormatException();
                }
                v = Boolean.parseBoolean(text);
            } else if (old instanceof List) {
                v = text.isEmpty() ? List.of() : List.copyOf(Arrays.stream(text.split(",")).map(String::trim).toList());
            } else {
                v = text;
            }
            values.put(key, v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " expects a " + typeName(old) + ", got " + text);
        }
        return this;
    }

    private Object requireKey(String key) {
        Object old = values.get(key);
        if (old == null) {
            throw new IllegalArgumentException("Unknown setting " + key + "; this experiment accepts: "
                    + String.join(", ", values.keySet()));
        }
        return old;
    }

    private static String typeName(Object o) {
        if (o instanceof Integer) {
            return "whole number";
        } else if (o instanceof Long) {
            return "whole number";
        } else if (o instanceof Double) {
            return "number";
        } else if (o instanceof Boolean) {
            return "boolean (true or false)";
        } else if (o instanceof List) {
            return "comma-separated list";
        }
        return "text value";
    }

    /** An int parameter. */
    public int getInt(String key) {
        return ((Number) requireKey(key)).intValue();
    }

    /** A long parameter. */
    public long getLong(String key) {
        return ((Number) requireKey(key)).longValue();
    }

    /** A numeric parameter. */
    public double getDouble(String key) {
        return ((Number) requireKey(key)).doubleValue();
    }

    /** A numeric parameter as float. */
    public float getFloat(String key) {
        return (float) getDouble(key);
    }

    /** A boolean parameter. */
    public boolean getBoolean(String key) {
        return (Boolean) requireKey(key);
    }

    /** A text parameter. */
    public String getString(String key) {
        return String.valueOf(requireKey(key));
    }

    /** A list parameter. */
    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        Object v = requireKey(key);
        if (v instanceof List<?>) {
            return Collections.unmodifiableList(new ArrayList<>((List<String>) v));
        }
        return List.of(String.valueOf(v));
    }

    /** All parameters and values in declaration order. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** The description of each parameter. */
    public Map<String, String> descriptions() {
        return Collections.unmodifiableMap(help);
    }

    /** A copy. */
    public Settings copy() {
        Settings s = new Settings();
        s.values.putAll(values);
        s.help.putAll(help);
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(
                v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v));
        return sb.toString();
    }
}
