// Table1D: a piecewise-linear function y(x) over strictly increasing breakpoints, clamped at
// the ends. Built once at load time (allocates); evaluate() does not allocate.
#pragma once

#include <cstddef>
#include <vector>

namespace kestrel {

class Table1D {
 public:
  Table1D() = default;
  // Precondition (checked): x strictly increasing, same size as y, at least 1 point.
  Table1D(std::vector<double> x, std::vector<double> y);
  double evaluate(double x) const {
    // Inline and O(1): this runs several times per physics stage. A uniform grid of cells over
    // the breakpoints gives the first segment that can hold x; at most a few steps forward find
    // it. Slopes are precomputed, so there is no division.
    const double* xs = x_.data();
    const std::size_t last = x_.size() - 1;
    if (!(x > xs[0])) return y_[0];  // also catches NaN: the first value, never garbage
    if (x >= xs[last]) return y_[last];
    std::size_t i = cell_segment_[static_cast<std::size_t>((x - xs[0]) * inv_cell_width_)];
    while (x >= xs[i + 1]) ++i;
    while (x < xs[i]) --i;  // a cell index rounded up at a cell edge
    return y_[i] + (x - xs[i]) * slope_[i];
  }
  // Slope dy/dx of the segment that contains x (0 outside the table).
  double slope(double x) const;
  bool empty() const { return x_.empty(); }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }

 private:
  std::size_t segment(double x) const;
  std::vector<double> x_, y_;
  std::vector<double> slope_;              // per segment
  std::vector<std::size_t> cell_segment_;  // first segment overlapping each uniform cell
  double inv_cell_width_ = 0;
};

}  // namespace kestrel
