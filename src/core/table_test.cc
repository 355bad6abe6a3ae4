#include "core/table.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kestrel
