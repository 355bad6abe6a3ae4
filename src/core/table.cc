#include "core/table.h"

#include <algorithm>

#include "core/check.h"

namespace kestrel {

Table1D::Table1D(std::vector<double> x, std::vector<double> y)
    : x_(std::move(x)), y_(std::move(y)) {
  KESTREL_CHECK(!x_.empty() && x_.size() == y_.size(), "table sizes");
  for (std::size_t i = 1; i < x_.size(); ++i)
    KESTREL_CHECK(x_[i] > x_[i - 1], "table not increasing");
  const std::size_t n = x_.size();
  x_front_ = x_.front();
  x_back_ = x_.back();
  y_front_ = y_.front();
  y_back_ = y_.back();
  if (n == 1) return;  // a constant: evaluate() returns y_[0] before it looks at the cells
  knots_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double slope = i + 1 < n ? (y_[i + 1] - y_[i]) / (x_[i + 1] - x_[i]) : 0.0;
    knots_[i] = Knot{x_[i], y_[i], slope};
  }
  // Cells: four per segment on average, each remembering the segment its left edge falls in.
  const std::size_t cells = 4 * (n - 1);
  const double width = (x_.back() - x_.front()) / static_cast<double>(cells);
  inv_cell_width_ = 1.0 / width;
  cell_segment_.resize(cells + 1);
  std::size_t seg = 0;
  for (std::size_t c = 0; c <= cells; ++c) {
    const double left = x_.front() + static_cast<double>(c) * width;
    while (seg + 2 < n && left >= x_[seg + 1]) ++seg;
    cell_segment_[c] = static_cast<int>(seg);
  }
}

std::size_t Table1D::segment(double x) const {
  // Index i such that x_[i] <= x < x_[i+1]; tables are short, so a binary search is enough.
  const auto it = std::upper_bound(x_.begin() + 1, x_.end() - 1, x);
  return static_cast<std::size_t>(it - x_.begin()) - 1;
}

double Table1D::slope(double x) const {
  if (x_.size() == 1 || x < x_.front() || x > x_.back()) return 0.0;
  return knots_[segment(std::min(x, x_.back()))].slope;
}

}  // namespace kestrel
