#include "core/table.h"

#include <algorithm>

#include "core/check.h"

namespace kestrel {

Table1D::Table1D(std::vector<double> x, std::vector<double> y) : x_(std::move(x)), y_(std::move(y)) {
  KESTREL_CHECK(!x_.empty() && x_.size() == y_.size(), "table sizes");
  for (std::size_t i = 1; i < x_.size(); ++i) KESTREL_CHECK(x_[i] > x_[i - 1], "table not increasing");
}

std::size_t Table1D::segment(double x) const {
  // Index i such that x_[i] <= x < x_[i+1]; tables are short, so a binary search is enough.
  const auto it = std::upper_bound(x_.begin() + 1, x_.end() - 1, x);
  return static_cast<std::size_t>(it - x_.begin()) - 1;
}

double Table1D::slope(double x) const {
  if (x_.size() == 1 || x < x_.front() || x > x_.back()) return 0.0;
  const std::size_t i = segment(std::min(x, x_.back()));
  return (y_[i + 1] - y_[i]) / (x_[i + 1] - x_[i]);
}

}  // namespace kestrel
