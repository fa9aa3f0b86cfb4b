package dev.voicetrace.smoke.harness;

import java.util.List;
import java.util.Map;

/**
 * One metric of one OTLP export, with its data points reduced to attributes and numbers.
 * {@code type} is {@code gauge}, {@code sum}, {@code histogram}, {@code exponential_histogram} or
 * {@code summary}.
 */
public record ReceivedMetric(
    String name,
    String unit,
    String type,
    Map<String, Object> resourceAttributes,
    String scopeName,
    List<Point> points) {

  /**
   * A data point. For gauge and sum {@code value} is the point's value and count is 0; for
   * histograms {@code value} is the sum and {@code count} the number of recordings.
   */
  public record Point(Map<String, Object> attributes, double value, long count) {
    public Point {
      attributes = Map.copyOf(attributes);
    }
  }

  public ReceivedMetric {
    resourceAttributes = Map.copyOf(resourceAttributes);
    points = List.copyOf(points);
  }

  public String serviceName() {
    Object v = resourceAttributes.get("service.name");
    return v == null ? "" : v.toString();
  }
}
