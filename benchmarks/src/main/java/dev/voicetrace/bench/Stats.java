package dev.voicetrace.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics (linear interpolation between closest ranks, as R's type 7 / numpy's default). */
final class Stats {
  private Stats() {}

  static double quantile(double[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static double median(double[] v) {
    return quantile(v, 0.5);
  }

  static double[] of(List<? extends Number> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).doubleValue();
    }
    return out;
  }
}
