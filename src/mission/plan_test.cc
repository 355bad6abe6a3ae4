// The data model's MAVLink numbers against MAVLink's own definitions (common.xml), and the upload
// checks of validate_items(): one test per kind of problem, and the rule that nothing is skipped.
#include "mission/plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "mission/plan_file.h"
#include "mission/test_util.h"

namespace kestrel::mission {
namespace {

using testing::read_file;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- MAVLink numbers against common.xml
// ----------------------------------------------------------

struct XmlEntry {
  std::string name;
  bool has_location = false;
};

// The <entry value="N" name="PREFIX..."> tags of common.xml whose name starts with `prefix`.
std::map<int, XmlEntry> xml_entries(const std::string& xml, const std::string& prefix) {
  std::map<int, XmlEntry> out;
  std::size_t pos = 0;
  const std::string open = "<entry value=\"";
  while ((pos = xml.find(open, pos)) != std::string::npos) {
    const std::size_t tag_end = xml.find('>', pos);
    const std::string tag = xml.substr(pos, tag_end - pos);
    pos = tag_end;
    const std::size_t name_at = tag.find("name=\"" + prefix);
    if (name_at == std::string::npos) continue;
    const int value = std::stoi(tag.substr(open.size()));
    const std::size_t name_begin = name_at + 6 + prefix.size();
    XmlEntry e;
    e.name = tag.substr(name_begin, tag.find('"', name_begin) - name_begin);
    e.has_location = tag.find("hasLocation=\"true\"") != std::string::npos;
    out[value] = e;
  }
  return out;
}

std::string common_xml() {
  return read_file(std::string(KESTREL_SHARED_DIR) + "/reference/mavlink/common.xml");
}

TEST(MavlinkNumbers, SupportedCommandsAreMavlinksNumbersAndLocations) {
  const std::string xml = common_xml();
  if (xml.empty()) GTEST_SKIP() << "shared/reference/mavlink/common.xml not found";
  const auto cmds = xml_entries(xml, "MAV_CMD_");
  ASSERT_GT(cmds.size(), 100u);
  const std::map<std::string, uint16_t> ours = {
      {"NAV_WAYPOINT", mav_cmd::kNavWaypoint},
      {"NAV_LOITER_UNLIM", mav_cmd::kNavLoiterUnlim},
      {"NAV_LOITER_TURNS", mav_cmd::kNavLoiterTurns},
      {"NAV_LOITER_TIME", mav_cmd::kNavLoiterTime},
      {"NAV_RETURN_TO_LAUNCH", mav_cmd::kNavReturnToLaunch},
      {"NAV_LAND", mav_cmd::kNavLand},
      {"NAV_TAKEOFF", mav_cmd::kNavTakeoff},
      {"NAV_LOITER_TO_ALT", mav_cmd::kNavLoiterToAlt},
      {"CONDITION_DELAY", mav_cmd::kConditionDelay},
      {"CONDITION_DISTANCE", mav_cmd::kConditionDistance},
      {"DO_JUMP", mav_cmd::kDoJump},
      {"DO_CHANGE_SPEED", mav_cmd::kDoChangeSpeed},
      {"DO_SET_HOME", mav_cmd::kDoSetHome},
      {"DO_LAND_START", mav_cmd::kDoLandStart},
      {"DO_SET_ROI_LOCATION", mav_cmd::kDoSetRoiLocation},
      {"DO_SET_ROI_NONE", mav_cmd::kDoSetRoiNone},
      {"DO_DIGICAM_CONTROL", mav_cmd::kDoDigicamControl},
      {"DO_SET_CAM_TRIGG_DIST", mav_cmd::kDoSetCamTriggDist},
  };
  int supported = 0;
  for (int n = 0; n <= 65535; ++n) supported += is_supported_command(static_cast<uint16_t>(n));
  EXPECT_EQ(supported, static_cast<int>(ours.size()));
  for (const auto& [name, number] : ours) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(cmds.count(number)) << number << " is not in common.xml";
    EXPECT_EQ(cmds.at(number).name, name);
    EXPECT_TRUE(is_supported_command(number));
    EXPECT_EQ(command_has_location(number), cmds.at(number).has_location);
  }
}

TEST(MavlinkNumbers, EveryCommandNameIsCommonXmls) {
  const std::string xml = common_xml();
  if (xml.empty()) GTEST_SKIP() << "shared/reference/mavlink/common.xml not found";
  const auto cmds = xml_entries(xml, "MAV_CMD_");
  int named = 0;
  for (int n = 0; n <= 65535; ++n) {
    const std::string_view name = mav_cmd_name(static_cast<uint16_t>(n));
    if (name.empty()) continue;
    ++named;
    ASSERT_TRUE(cmds.count(n)) << n << " " << name << " is not in common.xml";
    EXPECT_EQ(cmds.at(n).name, name) << n;
  }
  EXPECT_GT(named, 80);
  EXPECT_EQ(command_label(84), "84 (NAV_VTOL_TAKEOFF)");
  EXPECT_EQ(command_label(60000), "60000");
}

TEST(MavlinkNumbers, FramesAreCommonXmls) {
  const std::string xml = common_xml();
  if (xml.empty()) GTEST_SKIP() << "shared/reference/mavlink/common.xml not found";
  const auto frames = xml_entries(xml, "MAV_FRAME_");
  EXPECT_EQ(static_cast<int>(frames.rbegin()->first), kMaxMavFrame);
  for (int f = 0; f <= kMaxMavFrame; ++f) {
    ASSERT_TRUE(frames.count(f));
    EXPECT_EQ(mav_frame_name(static_cast<MavFrame>(f)), frames.at(f).name) << f;
  }
  EXPECT_EQ(mav_frame_name(static_cast<MavFrame>(22)), "");
  EXPECT_EQ(frames.at(0).name, "GLOBAL");
  EXPECT_EQ(frames.at(2).name, "MISSION");
  EXPECT_EQ(frames.at(3).name, "GLOBAL_RELATIVE_ALT");
  EXPECT_EQ(frames.at(5).name, "GLOBAL_INT");
  EXPECT_EQ(frames.at(6).name, "GLOBAL_RELATIVE_ALT_INT");
  EXPECT_EQ(frames.at(10).name, "GLOBAL_TERRAIN_ALT");
  EXPECT_EQ(frames.at(11).name, "GLOBAL_TERRAIN_ALT_INT");
}

// ---- validate_items ----------------------------------------------------------------------------

MissionItem waypoint(double lat, double lon, double alt) {
  MissionItem it;
  it.command = mav_cmd::kNavWaypoint;
  it.frame = MavFrame::kGlobalRelativeAlt;
  it.param4 = kNaN;
  it.x = lat;
  it.y = lon;
  it.z = alt;
  return it;
}

MissionItem command(uint16_t cmd, double p1 = 0, double p2 = 0, double p3 = 0, double p4 = 0) {
  MissionItem it;
  it.command = cmd;
  it.frame = MavFrame::kMission;
  it.param1 = p1;
  it.param2 = p2;
  it.param3 = p3;
  it.param4 = p4;
  return it;
}

// A small plan that passes: take-off, three waypoints, loiter, land.
Plan good_plan() {
  Plan p;
  p.planned_home = {52.452, 9.599, 50};
  MissionItem takeoff = waypoint(52.451, 9.595, 150);
  takeoff.command = mav_cmd::kNavTakeoff;
  takeoff.param1 = 15;
  p.items = {takeoff,
             waypoint(52.46, 9.55, 400),
             waypoint(52.47, 9.56, 400),
             waypoint(52.46, 9.60, 400),
             command(mav_cmd::kDoLandStart),
             waypoint(52.451, 9.65, 150)};
  p.items[4].frame = MavFrame::kGlobalRelativeAlt;
  MissionItem land = waypoint(52.451, 9.600, 0);
  land.command = mav_cmd::kNavLand;
  p.items.push_back(land);
  for (std::size_t i = 0; i < p.items.size(); ++i) p.items[i].seq = static_cast<int>(i) + 1;
  return p;
}

std::vector<std::string> messages(const Plan& p) {
  std::vector<std::string> out;
  for (const ItemProblem& pr : validate_items(p)) out.push_back(pr.message);
  return out;
}

TEST(ValidateItems, AGoodPlanHasNoProblems) { EXPECT_TRUE(validate_items(good_plan()).empty()); }

TEST(ValidateItems, TheShippedSortieAndTheFixtureHaveNoProblems) {
  for (const std::string& path :
       {testing::shipped_data("sortie.plan"), testing::test_data("field_test.plan")}) {
    const Result<Plan> p = load_plan_file(path);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(messages(p.value()), std::vector<std::string>{}) << path;
  }
}

TEST(ValidateItems, UnsupportedCommandIsReportedByNumberAndName) {
  Plan p = good_plan();
  p.items[3].command = 84;  // NAV_VTOL_TAKEOFF
  EXPECT_EQ(messages(p),
            std::vector<std::string>{"item 4: command 84 (NAV_VTOL_TAKEOFF) is not supported"});
  p.items[3].command = 60000;
  EXPECT_EQ(messages(p), std::vector<std::string>{"item 4: command 60000 is not supported"});
}

TEST(ValidateItems, UnsupportedItemsAreAllReportedNoneSkipped) {
  Plan p = good_plan();
  p.items[1].command = 183;  // DO_SET_SERVO
  p.items[2].command = 82;   // NAV_SPLINE_WAYPOINT
  p.items[2].frame = MavFrame::kGlobalTerrainAlt;
  const auto problems = validate_items(p);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].seq, 2);
  EXPECT_EQ(problems[0].message, "item 2: command 183 (DO_SET_SERVO) is not supported");
  EXPECT_EQ(problems[1].message, "item 3: command 82 (NAV_SPLINE_WAYPOINT) is not supported");
  EXPECT_EQ(problems[2].seq, 3);
  EXPECT_NE(problems[2].message.find("item 3: frame 10 (GLOBAL_TERRAIN_ALT) is not supported"),
            std::string::npos);
}

TEST(ValidateItems, TerrainAndLocalFramesAreUnsupported) {
  Plan p = good_plan();
  p.items[1].frame = MavFrame::kGlobalTerrainAltInt;
  const auto m = messages(p);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].find("item 2: frame 11 (GLOBAL_TERRAIN_ALT_INT) is not supported: altitudes above "
                      "terrain need a terrain model"),
            std::string::npos)
      << m[0];
  p = good_plan();
  p.items[1].frame = static_cast<MavFrame>(1);  // LOCAL_NED
  ASSERT_EQ(messages(p).size(), 1u);
  EXPECT_NE(messages(p)[0].find("item 2: frame 1 (LOCAL_NED) is not supported"), std::string::npos);
}

TEST(ValidateItems, APositionNeedsALatitudeLongitudeFrame) {
  Plan p = good_plan();
  p.items[2].frame = MavFrame::kMission;
  EXPECT_EQ(messages(p),
            std::vector<std::string>{"item 3: NAV_WAYPOINT: a command with a position needs a "
                                     "latitude/longitude frame, got frame 2 (MISSION)"});
  // Commands without a position may use any supported frame.
  p = good_plan();
  p.items.insert(p.items.begin() + 2, command(mav_cmd::kDoChangeSpeed, 0, 35, -1));
  p.items[2].frame = MavFrame::kGlobalRelativeAlt;
  for (std::size_t i = 0; i < p.items.size(); ++i) p.items[i].seq = static_cast<int>(i) + 1;
  EXPECT_TRUE(validate_items(p).empty());
}

TEST(ValidateItems, LatitudeLongitudeAndAltitudeRange) {
  Plan p = good_plan();
  p.items[1].x = 95;
  EXPECT_EQ(messages(p),
            std::vector<std::string>{
                "item 2: NAV_WAYPOINT: latitude (x) [deg] must be within [-90, 90], got 95"});
  p = good_plan();
  p.items[1].y = -180.5;
  EXPECT_EQ(messages(p),
            std::vector<std::string>{"item 2: NAV_WAYPOINT: longitude (y) [deg] must be "
                                     "within [-180, 180], got -180.5"});
  p = good_plan();
  p.items[1].z = kNaN;
  EXPECT_EQ(messages(p),
            std::vector<std::string>{
                "item 2: NAV_WAYPOINT: altitude (z) [m] must be a finite number, got nan"});
  p = good_plan();
  p.items[1].x = kNaN;
  EXPECT_EQ(messages(p).size(), 1u);
}

TEST(ValidateItems, NanIsAllowedWhereMavlinkAllowsIt) {
  Plan p = good_plan();
  p.items[1].param4 = kNaN;  // waypoint yaw: "NaN to use the current system yaw heading mode"
  p.items.back().param4 = kNaN;
  EXPECT_TRUE(validate_items(p).empty());
  p.items[1].param1 = kNaN;  // hold time: not
  EXPECT_EQ(messages(p), std::vector<std::string>{
                             "item 2: NAV_WAYPOINT: param1 (hold time [s]) must be a finite number "
                             ">= 0, got nan"});
  p = good_plan();
  p.items.insert(p.items.begin() + 1, command(mav_cmd::kDoChangeSpeed, 0, kNaN, -1));
  for (std::size_t i = 0; i < p.items.size(); ++i) p.items[i].seq = static_cast<int>(i) + 1;
  ASSERT_EQ(messages(p).size(), 1u);
  EXPECT_NE(messages(p)[0].find("item 2: DO_CHANGE_SPEED: param2 (speed [m/s])"),
            std::string::npos);
}

TEST(ValidateItems, NegativeTimesTurnsDistancesAndAcceptanceRadii) {
  const auto one = [](MissionItem it) {
    Plan p = good_plan();
    it.seq = 2;
    p.items[1] = it;
    return messages(p);
  };
  MissionItem loiter_time = waypoint(52.46, 9.55, 400);
  loiter_time.command = mav_cmd::kNavLoiterTime;
  loiter_time.param1 = -30;
  loiter_time.param3 = -500;  // negative radius: counter-clockwise, allowed
  loiter_time.param4 = 0;
  EXPECT_EQ(one(loiter_time),
            std::vector<std::string>{"item 2: NAV_LOITER_TIME: param1 (loiter time [s]) must be a "
                                     "finite number >= 0, got -30"});
  MissionItem turns = loiter_time;
  turns.command = mav_cmd::kNavLoiterTurns;
  turns.param1 = -1;
  EXPECT_EQ(one(turns),
            std::vector<std::string>{
                "item 2: NAV_LOITER_TURNS: param1 (turns) must be a finite number >= 0, "
                "got -1"});
  MissionItem wp = waypoint(52.46, 9.55, 400);
  wp.param2 = -5;
  EXPECT_EQ(one(wp),
            std::vector<std::string>{"item 2: NAV_WAYPOINT: param2 (acceptance radius [m]) "
                                     "must be a finite number >= 0, got -5"});
  EXPECT_EQ(
      one(command(mav_cmd::kConditionDelay, -1)),
      std::vector<std::string>{
          "item 2: CONDITION_DELAY: param1 (delay [s]) must be a finite number >= 0, got -1"});
  EXPECT_EQ(one(command(mav_cmd::kConditionDistance, -10)).size(), 1u);
  EXPECT_EQ(one(command(mav_cmd::kDoSetCamTriggDist, -10)).size(), 1u);
  MissionItem heading = loiter_time;
  heading.param1 = 10;
  heading.param2 = 2;  // MAV_BOOL: 0 or 1
  EXPECT_EQ(one(heading),
            std::vector<std::string>{
                "item 2: NAV_LOITER_TIME: param2 (heading required) must be 0 or 1, got 2"});
}

TEST(ValidateItems, DoJumpTargets) {
  Plan p = good_plan();
  p.items.insert(p.items.begin() + 4, command(mav_cmd::kDoJump, 2, 3));
  for (std::size_t i = 0; i < p.items.size(); ++i) p.items[i].seq = static_cast<int>(i) + 1;
  EXPECT_TRUE(validate_items(p).empty());
  p.items[4].param2 = -1;  // ArduPilot: for ever
  EXPECT_TRUE(validate_items(p).empty());
  p.items[4].param2 = -2;
  EXPECT_EQ(messages(p).size(), 1u);
  p.items[4].param2 = 1;

  p.items[4].param1 = 9;
  EXPECT_EQ(messages(p),
            std::vector<std::string>{
                "item 5: DO_JUMP: param1 (target item) 9 is outside the mission (items 1 to 8)"});
  p.items[4].param1 = 0;  // the home position is not an item
  EXPECT_EQ(messages(p).size(), 1u);
  p.items[4].param1 = 5;
  EXPECT_EQ(messages(p), std::vector<std::string>{
                             "item 5: DO_JUMP: param1 (target item) 5 is the DO_JUMP itself"});
  p.items[4].param1 = 2.5;
  EXPECT_EQ(messages(p),
            std::vector<std::string>{
                "item 5: DO_JUMP: param1 (target item) must be a whole number, got 2.5"});
  p.items[4].param1 = kNaN;
  EXPECT_EQ(messages(p).size(), 1u);
}

TEST(ValidateItems, DoChangeSpeedSpecialValues) {
  Plan p = good_plan();
  p.items.insert(p.items.begin() + 1, command(mav_cmd::kDoChangeSpeed, 0, -2, -1));
  for (std::size_t i = 0; i < p.items.size(); ++i) p.items[i].seq = static_cast<int>(i) + 1;
  EXPECT_TRUE(validate_items(p).empty());
  p.items[1].param1 = 4;  // no SPEED_TYPE 4
  p.items[1].param2 = -3;
  p.items[1].param3 = 101;
  EXPECT_EQ(messages(p).size(), 3u);
}

TEST(ValidateItems, SequenceNumbersMustRunFromOne) {
  Plan p = good_plan();
  p.items[2].seq = 7;
  const auto m = messages(p);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(
      m[0],
      "item 3: seq is 7, expected 3 (items are numbered 1, 2, 3, ... after the home position)");
}

TEST(ValidateItems, LandStartNeedsALanding) {
  Plan p = good_plan();
  p.items.pop_back();
  EXPECT_EQ(messages(p),
            std::vector<std::string>{
                "item 5: DO_LAND_START: no NAV_LAND follows it; a landing sequence must "
                "end with NAV_LAND"});
}

TEST(ValidateItems, HomePosition) {
  Plan p = good_plan();
  p.planned_home.lat_deg = -91;
  p.planned_home.alt_amsl_m = kNaN;
  const auto problems = validate_items(p);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].seq, 0);
  EXPECT_EQ(problems[0].message, "home: latitude must be within [-90, 90] deg, got -91");
}

TEST(Plan, ItemParamIndexesOneToSeven) {
  MissionItem it;
  it.param1 = 1, it.param2 = 2, it.param3 = 3, it.param4 = 4, it.x = 5, it.y = 6, it.z = 7;
  for (int i = 1; i <= 7; ++i) EXPECT_EQ(item_param(it, i), i);
}

}  // namespace
}  // namespace kestrel::mission
