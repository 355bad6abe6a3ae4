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
  // Always inlined: a call makes the caller spill and reload every floating-point register it
  // holds (the propeller and engine model, with three lookups, spent more on that than on the
  // lookups themselves).
  [[gnu::always_inline]] double evaluate(double x) const {
    // O(1): this runs several times per physics stage. A uniform grid of cells over the
    // breakpoints gives the first segment that can hold x; at most a few steps forward find it.
    // Slopes are precomputed, so there is no division; each knot keeps its x, y and slope
    // together, and the ends are copied out, so the lookup reads through one pointer.
    if (!(x > x_front_)) return y_front_;  // also catches NaN: the first value, never garbage
    if (x >= x_back_) return y_back_;
    const int cell = static_cast<int>((x - x_front_) * inv_cell_width_);
    const Knot* k = knots_.data() + cell_segment_[static_cast<std::size_t>(cell)];
    while (x >= k[1].x) ++k;
    while (x < k->x) --k;  // a cell index rounded up at a cell edge
    return k->y + (x - k->x) * k->slope;
  }
  // Slope dy/dx of the segment that contains x (0 outside the table).
  double slope(double x) const;
  bool empty() const { return x_.empty(); }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }

 private:
  struct Knot {
    double x, y;
    double slope;  // of the segment that starts here (0 at the last knot)
  };
  std::size_t segment(double x) const;
  std::vector<double> x_, y_;
  std::vector<Knot> knots_;          // x_, y_ and the slopes, interleaved
  std::vector<int> cell_segment_;    // first segment overlapping each uniform cell
  double x_front_ = 0, x_back_ = 0;  // x_.front(), x_.back()
  double y_front_ = 0, y_back_ = 0;  // y_.front(), y_.back()
  double inv_cell_width_ = 0;
};

}  // namespace kestrel
