// read_ring: new entries in order, overwritten ones counted as lost, the count's wrap.
#include "sim/ring.h"

#include <gtest/gtest.h>

#include <vector>

namespace kestrel {
namespace {

struct Reader {
  uint32_t seen = 0;
  uint32_t lost = 0;
  std::vector<uint32_t> slots;
  void read(uint32_t count) {
    read_ring<8>(
        count, seen, [&](uint32_t n) { lost += n; }, [&](uint32_t slot) { slots.push_back(slot); });
  }
};

TEST(ReadRing, NewEntriesInOrderOnce) {
  Reader r;
  r.read(0);
  EXPECT_TRUE(r.slots.empty());
  r.read(3);
  EXPECT_EQ(r.slots, (std::vector<uint32_t>{0, 1, 2}));
  r.read(3);  // nothing new
  EXPECT_EQ(r.slots.size(), 3u);
  r.read(10);  // 7 new, all still in the ring (8 slots): 3..9
  EXPECT_EQ(r.slots, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 0, 1}));
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.seen, 10u);
}

TEST(ReadRing, OverwrittenEntriesAreCountedLostAndTheRestRead) {
  Reader r;
  r.read(2);
  r.slots.clear();
  // 13 new (2..14) but the ring holds the last 8 (7..14): 5 lost, then slots 7 % 8 .. 14 % 8.
  r.read(15);
  EXPECT_EQ(r.lost, 5u);
  EXPECT_EQ(r.slots, (std::vector<uint32_t>{7, 0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(r.seen, 15u);
}

TEST(ReadRing, AcrossTheCountsWrap) {
  Reader r;
  r.seen = 0xFFFFFFFEu;  // two before the wrap
  r.read(3);             // 5 new: 0xFFFFFFFE, 0xFFFFFFFF, 0, 1, 2
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.slots, (std::vector<uint32_t>{6, 7, 0, 1, 2}));
  r.slots.clear();
  r.seen = 0xFFFFFFF0u;
  r.read(4);  // 20 new, 12 lost, then 0xFFFFFFFC .. 3
  EXPECT_EQ(r.lost, 12u);
  EXPECT_EQ(r.slots, (std::vector<uint32_t>{4, 5, 6, 7, 0, 1, 2, 3}));
}

}  // namespace
}  // namespace kestrel
