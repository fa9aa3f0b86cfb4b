package dev.voicetrace.smoke.harness;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One span as an OTLP receiver got it, decoded into plain Java values. Attribute values are
 * {@link String}, {@link Long}, {@link Double}, {@link Boolean} or an unmodifiable {@link List} of those.
 * {@code kind} is {@code INTERNAL}, {@code SERVER}, {@code CLIENT}, {@code PRODUCER} or {@code CONSUMER};
 * {@code statusCode} is {@code UNSET}, {@code OK} or {@code ERROR}; ids are lower-case hex, a root's parent is "".
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    long startEpochNanos,
    long endEpochNanos,
    Map<String, Object> attributes,
    List<Event> events,
    String statusCode,
    String statusMessage,
    List<Link> links,
    Map<String, Object> resourceAttributes,
    String scopeName) {

  public record Event(String name, long epochNanos, Map<String, Object> attributes) {}

  public record Link(String traceId, String spanId, Map<String, Object> attributes) {}

  public ReceivedSpan {
    attributes = Map.copyOf(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
    resourceAttributes = Map.copyOf(resourceAttributes);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public String serviceName() {
    Object v = resourceAttributes.get("service.name");
    return v == null ? "" : v.toString();
  }

  public Object attr(String key) {
    return attributes.get(key);
  }

  public boolean has(String key) {
    return attributes.containsKey(key);
  }

  public String stringAttr(String key) {
    Object v = attributes.get(key);
    return v == null ? null : v.toString();
  }

  /** The attribute as a long, or null when absent; fails when it is not an integer attribute. */
  public Long longAttr(String key) {
    Object v = attributes.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Long l)) {
      throw new AssertionError(
          "attribute " + key + " of span '" + name + "' is " + typeOf(v) + " (" + v + "), expected an int");
    }
    return l;
  }

  /** The attribute as a double, or null when absent; fails when it is not a double attribute. */
  public Double doubleAttr(String key) {
    Object v = attributes.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Double d)) {
      throw new AssertionError(
          "attribute " + key + " of span '" + name + "' is " + typeOf(v) + " (" + v + "), expected a double");
    }
    return d;
  }

  /** The attribute as a boolean, or null when absent; fails when it is not a boolean attribute. */
  public Boolean boolAttr(String key) {
    Object v = attributes.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean b)) {
      throw new AssertionError(
          "attribute " + key + " of span '" + name + "' is " + typeOf(v) + " (" + v + "), expected a boolean");
    }
    return b;
  }

  public double durationSeconds() {
    return (endEpochNanos - startEpochNanos) / 1e9;
  }

  private static String typeOf(Object v) {
    return v.getClass().getSimpleName();
  }

  /** One line: name, kind, ids and attributes; used in failure messages. */
  public String describe() {
    return name + " [" + kind + "] span=" + spanId + " parent=" + (parentSpanId.isEmpty() ? "-" : parentSpanId)
        + " " + new java.util.TreeMap<>(attributes)
        + (Objects.equals(statusCode, "UNSET") ? "" : " status=" + statusCode + " " + statusMessage);
  }
}
