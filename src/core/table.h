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
  double evaluate(double x) const;
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
