// Inline SVG time-series charts for the HTML report: axes with "nice" ticks, units, a title, a
// legend, an optional right-hand axis, and min/max-preserving down-sampling so that an 18-hour
// log still gives a small page. Written by hand rather than with a plotting library: the report
// must be one offline file with no JavaScript library, and SVG text is all it takes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/xml.h"  // xml_escape

namespace kestrel::report {

// One line on a chart. The time and value vectors are borrowed (they must outlive the call).
struct ChartSeries {
  std::string label;   // legend text
  std::string colour;  // CSS colour
  std::string dash;    // SVG stroke-dasharray ("" = solid)
  const std::vector<double>* t_s = nullptr;
  const std::vector<double>* value = nullptr;
  double scale = 1.0;       // value shown = value * scale
  bool right_axis = false;  // plot against the right-hand axis
  bool wraps_360 = false;   // an angle 0..360: break the line where it wraps
};

struct Chart {
  std::string id;  // unique within the page (names the clip path)
  std::string title;
  std::string y_label;   // with its unit: "altitude [m]"
  std::string y2_label;  // right axis, "" = none
  std::vector<ChartSeries> series;
  double t0_s = 0, t1_s = 1;      // time span shown
  int width = 900, height = 260;  // SVG size [px]
  int max_points = 2000;          // per series after down-sampling
  bool y_from_zero = false;       // include 0 in the left axis range
  bool y2_from_zero = false;
};

std::string render_chart(const Chart& chart);

// Indices of the samples to draw: all when n <= max_points, else the first and last sample and,
// per time bucket, the minimum and the maximum (in time order), so peaks survive.
std::vector<size_t> downsample_min_max(const std::vector<double>& t, const std::vector<double>& v,
                                       size_t max_points);

// About `target` round tick values (steps of 1, 2, 2.5 or 5 x 10^k) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target, double* step = nullptr);

// The time axis unit for a span: s, min or h, with its divisor.
struct TimeUnit {
  const char* name;
  double seconds;
};
TimeUnit time_unit_for(double span_s);

// Compact number formatting for tick labels and tables ("1200", "0.25", "1.5e+06").
std::string format_number(double v, double step);

}  // namespace kestrel::report
