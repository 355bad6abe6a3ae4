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
    // Inline: this runs several times per physics stage. Tables are short, so a branch-light
    // binary search over the breakpoints is enough.
    const double* xs = x_.data();
    const std::size_t n = x_.size();
    if (x <= xs[0]) return y_[0];
    if (x >= xs[n - 1]) return y_[n - 1];
    std::size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
      const std::size_t mid = (lo + hi) / 2;
      if (xs[mid] <= x) lo = mid;
      else hi = mid;
    }
    const double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
    return y_[lo] + t * (y_[hi] - y_[lo]);
  }
  // Slope dy/dx of the segment that contains x (0 outside the table).
  double slope(double x) const;
  bool empty() const { return x_.empty(); }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }

 private:
  std::size_t segment(double x) const;
  std::vector<double> x_, y_;
};

}  // namespace kestrel
