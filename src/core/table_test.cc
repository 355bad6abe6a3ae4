#include "core/table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace kestrel {
namespace {

TEST(Table1D, InterpolatesAndClamps) {
  const Table1D t({0, 1, 3}, {0, 10, 30});
  EXPECT_DOUBLE_EQ(t.evaluate(-1), 0);
  EXPECT_DOUBLE_EQ(t.evaluate(0.5), 5);
  EXPECT_DOUBLE_EQ(t.evaluate(2), 20);
  EXPECT_DOUBLE_EQ(t.evaluate(3), 30);
  EXPECT_DOUBLE_EQ(t.evaluate(9), 30);
  EXPECT_DOUBLE_EQ(t.slope(2), 10);
  EXPECT_DOUBLE_EQ(t.slope(5), 0);
}

TEST(Table1D, MatchesDirectInterpolationEverywhere) {
  // Irregular breakpoints, many cells: compare with a plain search at 100k points and at every
  // breakpoint (and just either side of it).
  std::vector<double> x = {-3, -2.9, -1, 0, 0.001, 0.5, 2, 7, 7.5, 30};
  std::vector<double> y = {1, -1, 4, 0, 3, 2, -5, 6, 6.5, 0};
  const Table1D t(x, y);
  auto direct = [&](double v) {
    if (v <= x.front()) return y.front();
    if (v >= x.back()) return y.back();
    std::size_t i = 0;
    while (v >= x[i + 1]) ++i;
    return y[i] + (v - x[i]) * (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
  };
  for (int k = 0; k <= 100000; ++k) {
    const double v = -4 + 35.0 * k / 100000;
    ASSERT_NEAR(t.evaluate(v), direct(v), 1e-12) << v;
  }
  for (double b : x)
    for (double v : {b, std::nextafter(b, -1e9), std::nextafter(b, 1e9)})
      ASSERT_NEAR(t.evaluate(v), direct(v), 1e-12) << v;
  EXPECT_EQ(Table1D({2.0}, {5.0}).evaluate(7.0), 5.0);  // a single point is a constant
  EXPECT_EQ(t.evaluate(std::nan("")), 1.0);             // NaN never reads outside the table
}

}  // namespace
}  // namespace kestrel
