package dev.voicetrace.core.console;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/** Reads span attributes by name whatever type they were recorded with, so a mistyped attribute never breaks the view. */
final class Attrs {

  private Attrs() {}

  static Object raw(Attributes attributes, String name) {
    Object value = attributes.get(AttributeKey.stringKey(name));
    if (value == null) {
      value = attributes.get(AttributeKey.longKey(name));
    }
    if (value == null) {
      value = attributes.get(AttributeKey.doubleKey(name));
    }
    if (value == null) {
      value = attributes.get(AttributeKey.booleanKey(name));
    }
    return value;
  }

  static String text(Attributes attributes, String name) {
    Object value = raw(attributes, name);
    return value == null ? null : String.valueOf(value);
  }

  static Long integer(Attributes attributes, String name) {
    Object value = raw(attributes, name);
    if (value instanceof Number) {
      return ((Number) value).longValue();
    }
    if (value instanceof String) {
      try {
        return Long.parseLong(((String) value).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Double decimal(Attributes attributes, String name) {
    Object value = raw(attributes, name);
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String) {
      try {
        return Double.parseDouble(((String) value).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static boolean flag(Attributes attributes, String name) {
    Object value = raw(attributes, name);
    return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
  }
}
