// QGC WPL 110: the field test mission as Mission Planner writes it
// (tests/data/missions/field_test.waypoints: Windows line ends, 8-decimal params) read, written and
// read again unchanged; the same mission as the .plan fixture; and every kind of malformed line
// refused with file, line, item and column.
#include "mission/wpl.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "mission/plan_file.h"
#include "mission/test_util.h"

namespace kestrel::mission {
namespace {

using testing::read_file;
using testing::same_plan;
using testing::test_data;

const std::string kSource = "field_test.waypoints";
const std::string kHome = "QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t52.452\t9.599\t50\t1\n";

Plan fixture_plan() {
  const Result<Plan> p = load_wpl_file(test_data("field_test.waypoints"));
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? p.value() : Plan{};
}

std::string error_of(const std::string& text) {
  const Result<Plan> p = parse_wpl(text, kSource);
  return p.ok() ? std::string() : p.error().message;
}

TEST(Wpl, ReadsMissionPlannersFile) {
  const Plan p = fixture_plan();
  EXPECT_EQ(p.planned_home, (PlannedHome{52.452, 9.599, 50}));
  ASSERT_EQ(p.items.size(), 18u);
  EXPECT_EQ(p.items[0].seq, 1);
  EXPECT_EQ(p.items[0].command, mav_cmd::kNavTakeoff);
  EXPECT_EQ(p.items[0].frame, MavFrame::kGlobalRelativeAlt);
  EXPECT_EQ(p.items[0].param1, 15);
  EXPECT_EQ(p.items[0].x, 52.45100249);
  EXPECT_EQ(p.items[0].z, 150);
  EXPECT_EQ(p.items[7].command, mav_cmd::kDoJump);
  EXPECT_EQ(p.items[7].param1, 5);
  EXPECT_EQ(p.items[6].param3, -600);
  EXPECT_TRUE(p.geofence.empty());
  EXPECT_TRUE(p.rally_points.empty());
  EXPECT_TRUE(validate_items(p).empty());
}

TEST(Wpl, RoundTripIsEqualAndStable) {
  const Plan p = fixture_plan();
  const Result<std::string> text = wpl_text(p);
  ASSERT_TRUE(text.ok()) << text.error().message;
  const Result<Plan> back = parse_wpl(text.value(), "written");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(same_plan(p, back.value()));
  const Result<std::string> again = wpl_text(back.value());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value(), text.value());
  EXPECT_EQ(text.value().rfind("QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t52.452\t9.599\t50\t1\n"
                               "1\t0\t3\t22\t15\t0\t0\t0\t52.45100249\t9.59017448\t150\t1\n",
                               0),
            0u)
      << text.value();
}

TEST(Wpl, IsTheSameMissionAsTheQGroundControlPlan) {
  // The two fixtures describe one mission; Mission Planner rounds to 8 decimals and writes 0
  // where QGroundControl writes null (NaN yaw).
  const Plan wpl = fixture_plan();
  const Result<Plan> plan = load_plan_file(test_data("field_test.plan"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ASSERT_EQ(wpl.items.size(), plan.value().items.size());
  for (std::size_t i = 0; i < wpl.items.size(); ++i) {
    const MissionItem& a = wpl.items[i];
    const MissionItem& b = plan.value().items[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(a.seq, b.seq);
    EXPECT_EQ(a.command, b.command);
    EXPECT_EQ(a.frame, b.frame);
    for (int k = 1; k <= 7; ++k) {
      const double want = std::isnan(item_param(b, k)) ? 0.0 : item_param(b, k);
      EXPECT_NEAR(item_param(a, k), want, 1e-8) << "param " << k;
    }
  }
}

TEST(Wpl, PlanToWplToPlanKeepsTheMission) {
  const Result<Plan> plan = load_plan_file(test_data("field_test.plan"));
  ASSERT_TRUE(plan.ok());
  const Result<std::string> refused = wpl_text(plan.value());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "cannot write the plan as QGC WPL 110: the format has no geofence (2 polygons, 2 "
            "circles, a breach return point) and no rally points (2); write a .plan file, or ask "
            "for them to be dropped");
  const Result<std::string> text = wpl_text(plan.value(), {.drop_fence_and_rally = true});
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_NE(text.value().find("\tnan\t"), std::string::npos);  // NaN yaw survives as "nan"
  const Result<Plan> back = parse_wpl(text.value(), "written");
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back.value().items.size(), plan.value().items.size());
  for (std::size_t i = 0; i < back.value().items.size(); ++i) {
    MissionItem want = plan.value().items[i];
    want.qgc = {};  // .plan bookkeeping: not in WPL
    EXPECT_TRUE(testing::same_item(back.value().items[i], want));
  }
}

TEST(Wpl, SaveAndLoadAFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "kestrel_wpl_test.waypoints").string();
  const Plan p = fixture_plan();
  ASSERT_TRUE(save_wpl_file(p, path).ok());
  const Result<Plan> back = load_wpl_file(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(same_plan(p, back.value()));
  std::filesystem::remove(path);
}

TEST(Wpl, SpacesBlankLinesAndCurrentFlag) {
  const Result<Plan> p = parse_wpl(
      "QGC WPL 110\r\n0 1 0 16 0 0 0 0 52.452 9.599 50 1\r\n\r\n"
      "1\t1\t3\t16\t0\t0\t0\tnan\t52.46\t9.58\t300\t0",
      kSource);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p.value().items.size(), 1u);
  EXPECT_TRUE(p.value().items[0].current);
  EXPECT_FALSE(p.value().items[0].autocontinue);
  EXPECT_TRUE(std::isnan(p.value().items[0].param4));
}

// ---- Malformed input
// -----------------------------------------------------------------------------

TEST(WplErrors, Header) {
  EXPECT_EQ(error_of(""),
            "field_test.waypoints:1: the file is empty; expected the header 'QGC WPL "
            "110' and the mission");
  EXPECT_EQ(
      error_of("QGC WPL 120\n1\t0\t3\t16\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n"),
      "field_test.waypoints:1: bad header: expected 'QGC WPL 110', got 'QGC WPL 120' (Kestrel "
      "reads version 110, the one with the home position on line 0; 120 is QGroundControl's "
      "old format without it)");
  EXPECT_EQ(error_of("{\"fileType\": \"Plan\"}"),
            "field_test.waypoints:1: bad header: expected 'QGC WPL 110', got '{\"fileType\": "
            "\"Plan\"}'");
  EXPECT_EQ(error_of("QGC WPL 110\n\n"),
            "field_test.waypoints:2: no home line: a QGC WPL 110 file has the home position as "
            "index 0, then the items");
}

TEST(WplErrors, Columns) {
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t52.46\t9.58\t300\n"),
            "field_test.waypoints:3: item 1: too few columns: 11 of 12 (INDEX CURRENT_WP "
            "COORD_FRAME COMMAND PARAM1 PARAM2 PARAM3 PARAM4 LAT LON ALT AUTOCONTINUE, separated "
            "by tabs)");
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t52.46\t9.58\t300\t1\t7\n")
                .rfind("field_test.waypoints:3: item 1: too many columns: 13 of 12", 0),
            0u);
  EXPECT_EQ(error_of("QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t52.452\t9.599\t50\n")
                .rfind("field_test.waypoints:2: home (index 0): too few columns: 11 of 12", 0),
            0u);
}

TEST(WplErrors, NonNumericFields) {
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t52.4x\t9.58\t300\t1\n"),
            "field_test.waypoints:3: item 1: LAT (column 9): not a number: '52.4x'");
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\tabc\t0\t0\t0\t52.46\t9.58\t300\t1\n"),
            "field_test.waypoints:3: item 1: PARAM1 (column 5): not a number: 'abc'");
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16.0\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n"),
            "field_test.waypoints:3: item 1: COMMAND (column 4): not a whole number: '16.0'");
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t52.46\t9.58\tinf\t1\n"),
            "field_test.waypoints:3: item 1: ALT (column 11): must be finite, got 'inf'");
  EXPECT_EQ(error_of(kHome + "1\t2\t3\t16\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n"),
            "field_test.waypoints:3: item 1: CURRENT_WP (column 2): must be within [0, 1], got 2");
  EXPECT_EQ(
      error_of(kHome + "1\t0\t30\t16\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n"),
      "field_test.waypoints:3: item 1: COORD_FRAME (column 3): must be within [0, 21], got 30");
}

TEST(WplErrors, SequenceMustBeContiguous) {
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n"
                             "3\t0\t3\t16\t0\t0\t0\t0\t52.47\t9.58\t300\t1\n"),
            "field_test.waypoints:4: item 2: INDEX (column 1): is 3, expected 2 (indices run 0 for "
            "home, then 1, 2, 3, ... one a line, without gaps)");
  EXPECT_EQ(
      error_of("QGC WPL 110\n1\t0\t3\t16\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n")
          .rfind("field_test.waypoints:2: home (index 0): INDEX (column 1): is 1, expected 0", 0),
      0u);
}

TEST(WplErrors, RangesAndNan) {
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t92\t9.58\t300\t1\n"),
            "field_test.waypoints:3: item 1: LAT (column 9): must be within [-90, 90] deg, got 92");
  EXPECT_EQ(
      error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\t52.46\t-181\t300\t1\n"),
      "field_test.waypoints:3: item 1: LON (column 10): must be within [-180, 180] deg, got -181");
  EXPECT_EQ(error_of(kHome + "1\t0\t3\t16\t0\t0\t0\t0\tnan\t9.58\t300\t1\n"),
            "field_test.waypoints:3: item 1: LAT (column 9): NaN is not allowed here");
  // A DO_JUMP has no position: NaN in its params 5..7 is the writer's business.
  EXPECT_EQ(error_of(kHome + "1\t0\t2\t177\t1\t0\t0\t0\tnan\tnan\tnan\t1\n"), "");
}

TEST(WplErrors, HomeLine) {
  EXPECT_EQ(error_of("QGC WPL 110\n0\t1\t0\t22\t0\t0\t0\t0\t52.452\t9.599\t50\t1\n"),
            "field_test.waypoints:2: home (index 0): COMMAND (column 4): the home line must be 16 "
            "(NAV_WAYPOINT), got 22 (NAV_TAKEOFF)");
  EXPECT_EQ(error_of("QGC WPL 110\n0\t1\t3\t16\t0\t0\t0\t0\t52.452\t9.599\t0\t1\n"),
            "field_test.waypoints:2: home (index 0): COORD_FRAME (column 3): the home line must be "
            "in frame 0 (GLOBAL: altitude above mean sea level), got 3");
  EXPECT_EQ(error_of("QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t152.452\t9.599\t50\t1\n"),
            "field_test.waypoints:2: home (index 0): LAT (column 9): must be within [-90, 90] deg, "
            "got 152.452");
}

TEST(WplErrors, UnsupportedItemsLoadAndAreReportedByValidation) {
  const Result<Plan> p =
      parse_wpl(kHome + "1\t0\t3\t84\t0\t0\t0\t0\t52.46\t9.58\t300\t1\n", kSource);
  ASSERT_TRUE(p.ok()) << p.error().message;
  const auto problems = validate_items(p.value());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "item 1: command 84 (NAV_VTOL_TAKEOFF) is not supported");
}

}  // namespace
}  // namespace kestrel::mission
