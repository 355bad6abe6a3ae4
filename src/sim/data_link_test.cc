// The data link model (data_link.h): line-of-sight range, the radio horizon, a cut, and the
// uplink age the flight software sees.
#include "sim/data_link.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kestrel {
namespace {

constexpr double kLat = 0.9155, kLon = 0.1675;  // the built-in site, about 52.45 N 9.60 E

Vec3 point_at(double north_m, double height_m) {
  // North along the meridian: latitude advances by the arc over the meridian radius (close
  // enough for a range test: the range is measured on the ECEF chord either way).
  Geodetic g{kLat + north_m / 6.3781e6, kLon, height_m};
  return ecef_from_geodetic(g);
}

TEST(DataLink, RadioHorizonMatchesTheFactsSheet) {
  // searcher-facts §2: UAV at 1,500 m, 10 m mast: about 173 km; at 3,000 m: about 239 km.
  EXPECT_NEAR(radio_horizon_m(1500, 10) / 1000, 172.6, 0.5);
  EXPECT_NEAR(radio_horizon_m(3000, 10) / 1000, 238.7, 0.5);
  EXPECT_EQ(radio_horizon_m(-5, 0), 0.0);
}

TEST(DataLink, UpWithinRangeDownBeyondAndTheUplinkAgeGrows) {
  DataLink l = make_data_link(Geodetic{kLat, kLon, 50}, 10);
  int64_t t = 0;
  // 100 km out at 3,000 m: inside 150 km and the horizon.
  for (; t <= 10'000'000; t += 20'000)
    step_data_link(l, t, gdt_range_m(l, point_at(100e3, 3050)), 3000);
  EXPECT_TRUE(l.up);
  EXPECT_NEAR(l.last_uplink_s, 10.0, 1e-9);  // the 1 Hz heartbeat at t = 10 s
  // 160 km out: beyond the link's range though above the horizon.
  bool changed = false;
  for (; t <= 30'000'000; t += 20'000)
    changed |= step_data_link(l, t, gdt_range_m(l, point_at(160e3, 3050)), 3000);
  EXPECT_TRUE(changed);
  EXPECT_FALSE(l.up);
  EXPECT_EQ(l.losses, 1);
  EXPECT_NEAR(l.last_uplink_s, 10.0, 1e-9);  // nothing received since
  EXPECT_NEAR(l.lost_s, 20.0, 0.05);
  EXPECT_GT(l.max_range_m, 159e3);
}

TEST(DataLink, TheRadioHorizonCutsALowAircraft) {
  DataLink l = make_data_link(Geodetic{kLat, kLon, 50}, 10);
  // 40 km out at 50 m above the ground: horizon 4.12 (7.07 + 3.16) = 42 km; at 30 m: 35.6 km.
  step_data_link(l, 0, gdt_range_m(l, point_at(40e3, 100)), 50);
  EXPECT_TRUE(l.up);
  step_data_link(l, 20'000, gdt_range_m(l, point_at(40e3, 80)), 30);
  EXPECT_FALSE(l.up);
}

TEST(DataLink, ACutHoldsTheLinkDownUntilReleased) {
  DataLink l = make_data_link(Geodetic{kLat, kLon, 50}, 10);
  int64_t t = 0;
  for (; t < 5'000'000; t += 20'000) step_data_link(l, t, gdt_range_m(l, point_at(1e3, 300)), 250);
  l.cut = true;
  for (; t < 65'000'000; t += 20'000) step_data_link(l, t, gdt_range_m(l, point_at(1e3, 300)), 250);
  EXPECT_FALSE(l.up);
  EXPECT_NEAR(t * 1e-6 - l.last_uplink_s, 61.0, 1.0);  // the age the autopilot sees
  l.cut = false;
  for (; t < 67'000'000; t += 20'000) step_data_link(l, t, gdt_range_m(l, point_at(1e3, 300)), 250);
  EXPECT_TRUE(l.up);
  EXPECT_LE(t * 1e-6 - l.last_uplink_s, 1.0 + 1e-9);
  EXPECT_EQ(l.losses, 1);
}

}  // namespace
}  // namespace kestrel
