#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace kestrel::report {

TimeUnit time_unit_for(double span_s) {
  if (span_s <= 300) return {"s", 1};
  if (span_s <= 3 * 3600) return {"min", 60};
  return {"h", 3600};
}

std::string format_number(double v, double step) {
  char buf[48];
  if (std::abs(v) < step * 1e-6) v = 0;  // no "-0" or "1e-17"
  const double a = std::abs(v);
  if (a != 0 && (a >= 1e6 || a < 1e-3)) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  int decimals = 0;
  if (step > 0 && step < 1)
    decimals = std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  // A step of 2.5 x 10^k needs one more decimal.
  if (step > 0) {
    const double m = step / std::pow(10.0, std::floor(std::log10(step)));
    if (std::abs(m - 2.5) < 1e-6 && step < 10) ++decimals;
  }
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::vector<double> nice_ticks(double lo, double hi, int target, double* step_out) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  if (step_out) *step_out = step;
  std::vector<double> ticks;
  for (double x = std::ceil(lo / step - 1e-9) * step; x <= hi + step * 1e-9; x += step)
    ticks.push_back(std::abs(x) < step * 1e-9 ? 0.0 : x);
  return ticks;
}

std::vector<size_t> downsample_min_max(const std::vector<double>& t, const std::vector<double>& v,
                                       size_t max_points) {
  const size_t n = std::min(t.size(), v.size());
  std::vector<size_t> idx;
  if (n <= max_points || max_points < 4) {
    idx.resize(n);
    for (size_t i = 0; i < n; ++i) idx[i] = i;
    return idx;
  }
  const size_t buckets = (max_points - 2) / 2;
  const double t0 = t.front(), span = std::max(t.back() - t0, 1e-12);
  idx.push_back(0);
  size_t i = 1;
  for (size_t b = 0; b < buckets && i < n - 1; ++b) {
    const double t_end = t0 + span * static_cast<double>(b + 1) / static_cast<double>(buckets);
    size_t lo = i, hi = i;
    size_t j = i;
    for (; j < n - 1 && (t[j] < t_end || b + 1 == buckets); ++j) {
      if (v[j] < v[lo]) lo = j;
      if (v[j] > v[hi]) hi = j;
    }
    if (j == i) continue;  // empty bucket
    idx.push_back(std::min(lo, hi));
    if (hi != lo) idx.push_back(std::max(lo, hi));
    i = j;
  }
  idx.push_back(n - 1);
  return idx;
}

namespace {

struct Range {
  double lo = INFINITY, hi = -INFINITY;
  bool empty() const { return !(hi >= lo); }
};

// Pad a data range a little and make it non-degenerate.
void finish_range(Range& r, bool from_zero) {
  if (r.empty()) {
    r.lo = 0;
    r.hi = 1;
  }
  if (from_zero) {
    r.lo = std::min(r.lo, 0.0);
    r.hi = std::max(r.hi, 0.0);
  }
  if (r.hi - r.lo < 1e-9 * std::max(1.0, std::abs(r.hi))) {
    const double d = std::max(1.0, std::abs(r.hi) * 0.1);
    r.lo -= d;
    r.hi += d;
  } else {
    const double pad = 0.05 * (r.hi - r.lo);
    if (!(from_zero && r.lo == 0)) r.lo -= pad;
    if (!(from_zero && r.hi == 0)) r.hi += pad;
  }
}

void append(std::string& out, const char* fmt, auto... args) {
  char buf[512];
  const int k = std::snprintf(buf, sizeof buf, fmt, args...);
  if (k > 0) out.append(buf, std::min<size_t>(static_cast<size_t>(k), sizeof buf - 1));
}

}  // namespace

std::string render_chart(const Chart& c) {
  const bool has_y2 = !c.y2_label.empty();
  const double ml = 66, mr = has_y2 ? 66 : 20, mb = 42;
  // Legend entries laid out in rows below the title; the plot starts below the last row.
  struct LegendItem {
    double x;
    int row;
    std::string label;
  };
  std::vector<LegendItem> legend;
  {
    double lx = ml;
    int row = 0;
    for (const ChartSeries& s : c.series) {
      const std::string label = s.label + (has_y2 ? (s.right_axis ? " (right)" : " (left)") : "");
      const double w = 27 + 6.6 * static_cast<double>(label.size()) + 16;
      if (lx + w > c.width - 10 && lx > ml) {
        lx = ml;
        ++row;
      }
      legend.push_back({lx, row, label});
      lx += w;
    }
  }
  const int legend_rows = legend.empty() ? 0 : legend.back().row + 1;
  const double mt = 32 + 17.0 * legend_rows + 4;
  const int height = c.height + 17 * std::max(0, legend_rows - 1);
  const double pw = c.width - ml - mr, ph = height - mt - mb;

  // Value ranges per axis over the samples in the time span.
  Range r1, r2;
  for (const ChartSeries& s : c.series) {
    if (!s.t_s || !s.value) continue;
    Range& r = s.right_axis ? r2 : r1;
    const size_t n = std::min(s.t_s->size(), s.value->size());
    for (size_t i = 0; i < n; ++i) {
      const double t = (*s.t_s)[i], v = (*s.value)[i] * s.scale;
      if (t < c.t0_s || t > c.t1_s || !std::isfinite(v)) continue;
      r.lo = std::min(r.lo, v);
      r.hi = std::max(r.hi, v);
    }
  }
  const bool wraps = std::any_of(c.series.begin(), c.series.end(),
                                 [](const ChartSeries& s) { return s.wraps_360 && !s.right_axis; });
  if (wraps) {
    r1.lo = 0;
    r1.hi = 360;
  } else {
    finish_range(r1, c.y_from_zero);
  }
  finish_range(r2, c.y2_from_zero);
  double step1 = 1, step2 = 1;
  std::vector<double> ticks1 =
      wraps ? std::vector<double>{0, 90, 180, 270, 360} : nice_ticks(r1.lo, r1.hi, 5, &step1);
  if (wraps) step1 = 90;
  // Snap the axis to the outer ticks so the grid fills the plot.
  if (!wraps && !ticks1.empty()) {
    r1.lo = std::min(r1.lo, ticks1.front());
    r1.hi = std::max(r1.hi, ticks1.back());
    if (ticks1.front() > r1.lo) ticks1.insert(ticks1.begin(), ticks1.front() - step1);
    if (ticks1.back() < r1.hi) ticks1.push_back(ticks1.back() + step1);
    r1.lo = ticks1.front();
    r1.hi = ticks1.back();
  }
  std::vector<double> ticks2 = nice_ticks(r2.lo, r2.hi, 5, &step2);
  if (!ticks2.empty()) {
    if (ticks2.front() > r2.lo) ticks2.insert(ticks2.begin(), ticks2.front() - step2);
    if (ticks2.back() < r2.hi) ticks2.push_back(ticks2.back() + step2);
    r2.lo = ticks2.front();
    r2.hi = ticks2.back();
  }

  const double span = std::max(c.t1_s - c.t0_s, 1e-9);
  const TimeUnit tu = time_unit_for(span);
  auto X = [&](double t) { return ml + (t - c.t0_s) / span * pw; };
  auto Y1 = [&](double v) { return mt + (r1.hi - v) / (r1.hi - r1.lo) * ph; };
  auto Y2 = [&](double v) { return mt + (r2.hi - v) / (r2.hi - r2.lo) * ph; };

  std::string o;
  append(o,
         "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
         "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
         c.width, height, c.width, height, xml_escape(c.title).c_str());
  append(o, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", c.width, height);
  append(o, "<text x=\"%.1f\" y=\"18\" class=\"title\">%s</text>\n", ml,
         xml_escape(c.title).c_str());

  // Grid and ticks.
  o += "<g class=\"grid\">\n";
  for (double v : ticks1) {
    const double y = Y1(v);
    append(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"%s/>\n", ml, y, ml + pw, y,
           (v == 0 && !wraps) ? " class=\"zero\"" : "");
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>\n", ml - 6,
           y + 4, format_number(v, step1).c_str());
  }
  if (has_y2)
    for (double v : ticks2)
      append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"start\">%s</text>\n",
             ml + pw + 6, Y2(v) + 4, format_number(v, step2).c_str());
  double tstep = 1;
  for (double tt : nice_ticks(c.t0_s / tu.seconds, c.t1_s / tu.seconds, 10, &tstep)) {
    const double x = X(tt * tu.seconds);
    if (x < ml - 0.5 || x > ml + pw + 0.5) continue;
    append(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x, mt, x, mt + ph);
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\" text-anchor=\"middle\">%s</text>\n", x,
           mt + ph + 15, format_number(tt, tstep).c_str());
  }
  o += "</g>\n";
  append(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n", ml,
         mt, pw, ph);

  // Axis labels.
  append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">time [%s]</text>\n",
         ml + pw / 2, static_cast<double>(height) - 6, tu.name);
  append(o,
         "<text class=\"axis\" text-anchor=\"middle\" transform=\"translate(14 %.1f) "
         "rotate(-90)\">%s</text>\n",
         mt + ph / 2, xml_escape(c.y_label).c_str());
  if (has_y2)
    append(o,
           "<text class=\"axis\" text-anchor=\"middle\" transform=\"translate(%.1f %.1f) "
           "rotate(90)\">%s</text>\n",
           static_cast<double>(c.width) - 12, mt + ph / 2, xml_escape(c.y2_label).c_str());

  // Series, clipped to the plot area.
  const std::string clip_id = "clip-" + xml_escape(c.id);
  append(o,
         "<clipPath id=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
         "</clipPath>\n<g clip-path=\"url(#%s)\" fill=\"none\" stroke-width=\"1.6\" "
         "stroke-linejoin=\"round\">\n",
         clip_id.c_str(), ml, mt - 1, pw, ph + 2, clip_id.c_str());
  for (const ChartSeries& s : c.series) {
    if (!s.t_s || !s.value || s.t_s->empty()) continue;
    // Down-sample within the span only.
    const std::vector<double>& t = *s.t_s;
    const size_t a = std::lower_bound(t.begin(), t.end(), c.t0_s) - t.begin();
    const size_t b = std::upper_bound(t.begin(), t.end(), c.t1_s) - t.begin();
    if (b <= a) continue;
    std::vector<double> ts(t.begin() + a, t.begin() + b),
        vs(s.value->begin() + a, s.value->begin() + b);
    const std::vector<size_t> idx = downsample_min_max(ts, vs, c.max_points);
    std::string d;
    d.reserve(idx.size() * 16);
    bool pen_down = false;
    double last_v = 0;
    for (size_t i : idx) {
      const double v = vs[i] * s.scale;
      if (!std::isfinite(v)) {
        pen_down = false;
        continue;
      }
      if (s.wraps_360 && pen_down && std::abs(v - last_v) > 180) pen_down = false;
      append(d, "%c%.1f %.1f", pen_down ? 'L' : 'M', X(ts[i]), s.right_axis ? Y2(v) : Y1(v));
      pen_down = true;
      last_v = v;
    }
    append(o, "<path stroke=\"%s\"%s%s%s d=\"", s.colour.c_str(),
           s.dash.empty() ? "" : " stroke-dasharray=\"", s.dash.c_str(),
           s.dash.empty() ? "" : "\"");
    o += d;
    o += "\"/>\n";
  }
  o += "</g>\n";

  // Legend below the title.
  o += "<g class=\"legend\">\n";
  for (size_t i = 0; i < c.series.size(); ++i) {
    const ChartSeries& s = c.series[i];
    const LegendItem& li = legend[i];
    const double ly = 34 + 17.0 * li.row;
    append(o,
           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
           "stroke-width=\"2.5\"%s%s%s/>\n",
           li.x, ly - 4, li.x + 22, ly - 4, s.colour.c_str(),
           s.dash.empty() ? "" : " stroke-dasharray=\"", s.dash.c_str(),
           s.dash.empty() ? "" : "\"");
    append(o, "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">%s</text>\n", li.x + 27, ly,
           xml_escape(li.label).c_str());
  }
  o += "</g>\n</svg>\n";
  return o;
}

}  // namespace kestrel::report
