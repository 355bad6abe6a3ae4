// QGroundControl .plan files: a realistic file written as QGroundControl writes it
// (tests/data/missions/field_test.plan) read into the expected plan and written back as an equal
// JSON document; the shipped sortie; and every kind of malformed input refused with a message
// naming the file, the item and the key.
#include "mission/plan_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "mission/test_util.h"

namespace kestrel::mission {
namespace {

using json = nlohmann::json;
using testing::read_file;
using testing::same_plan;
using testing::test_data;

const std::string kSource = "field_test.plan";

json fixture_json() { return json::parse(read_file(test_data("field_test.plan"))); }

Plan fixture_plan() {
  Result<Plan> p = load_plan_file(test_data("field_test.plan"));
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? p.value() : Plan{};
}

// The fixture changed by `edit`, parsed; the error message, or "" when it loads.
std::string error_after(const std::function<void(json&)>& edit) {
  json doc = fixture_json();
  edit(doc);
  const Result<Plan> p = parse_plan_json(doc.dump(2), kSource);
  return p.ok() ? std::string() : p.error().message;
}

// ---- The realistic file
// --------------------------------------------------------------------------

TEST(PlanFile, ReadsTheFieldTestPlan) {
  const Plan p = fixture_plan();
  EXPECT_EQ(p.planned_home, (PlannedHome{52.452, 9.599, 50}));
  EXPECT_EQ(p.firmware_type, 3);
  EXPECT_EQ(p.vehicle_type, 1);
  EXPECT_EQ(p.cruise_speed_mps, 38);
  EXPECT_EQ(p.hover_speed_mps, 5);
  EXPECT_EQ(p.qgc_global_altitude_mode, 1);
  ASSERT_EQ(p.items.size(), 18u);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    EXPECT_EQ(p.items[i].seq, static_cast<int>(i) + 1);
    EXPECT_EQ(p.items[i].qgc.do_jump_id, static_cast<int>(i) + 1);
    EXPECT_TRUE(p.items[i].autocontinue);
    EXPECT_FALSE(p.items[i].current);
  }

  const MissionItem& takeoff = p.items[0];
  EXPECT_EQ(takeoff.command, mav_cmd::kNavTakeoff);
  EXPECT_EQ(takeoff.frame, MavFrame::kGlobalRelativeAlt);
  EXPECT_EQ(takeoff.param1, 15);
  EXPECT_TRUE(std::isnan(takeoff.param4));  // JSON null
  EXPECT_NEAR(takeoff.x, 52.451, 1e-4);
  EXPECT_EQ(takeoff.z, 150);
  ASSERT_TRUE(takeoff.qgc.altitude);
  EXPECT_EQ(takeoff.qgc.altitude->mode, 1);
  EXPECT_EQ(takeoff.qgc.altitude->altitude_m, 150);
  EXPECT_FALSE(takeoff.qgc.altitude->amsl_alt_above_terrain_m);

  EXPECT_EQ(p.items[1].command, mav_cmd::kDoChangeSpeed);
  EXPECT_EQ(p.items[1].param2, 38);
  EXPECT_FALSE(p.items[1].qgc.altitude);

  // A waypoint with QGroundControl's terrain-calculated altitude: flown AMSL (frame 0).
  const MissionItem& terrain = p.items[3];
  EXPECT_EQ(terrain.frame, MavFrame::kGlobal);
  EXPECT_EQ(terrain.z, 412.4);
  EXPECT_EQ(terrain.qgc.altitude, (QgcItemExtras::Altitude{3, 350.0, 412.4}));

  EXPECT_EQ(p.items[4].command, mav_cmd::kNavLoiterTurns);
  EXPECT_EQ(p.items[6].command, mav_cmd::kNavLoiterTime);
  EXPECT_EQ(p.items[6].param3, -600);  // counter-clockwise
  EXPECT_EQ(p.items[7].command, mav_cmd::kDoJump);
  EXPECT_EQ(p.items[7].param1, 5);  // the seq of the loiter (its doJumpId is 5 too)
  EXPECT_EQ(p.items[7].param2, 1);
  EXPECT_EQ(p.items[14].command, mav_cmd::kDoLandStart);
  EXPECT_EQ(p.items[15].command, mav_cmd::kNavLoiterToAlt);
  EXPECT_EQ(p.items[17].command, mav_cmd::kNavLand);
  EXPECT_DOUBLE_EQ(p.items[17].x, 52.451);
  EXPECT_DOUBLE_EQ(p.items[17].y, 9.6);
  EXPECT_EQ(p.items[17].z, 0);

  ASSERT_EQ(p.geofence.polygons.size(), 2u);
  EXPECT_TRUE(p.geofence.polygons[0].inclusion);
  EXPECT_EQ(p.geofence.polygons[0].vertices.size(), 4u);
  EXPECT_FALSE(p.geofence.polygons[1].inclusion);
  EXPECT_EQ(p.geofence.polygons[1].vertices.size(), 5u);
  ASSERT_EQ(p.geofence.circles.size(), 2u);
  EXPECT_TRUE(p.geofence.circles[0].inclusion);
  EXPECT_EQ(p.geofence.circles[0].center, (LatLon{52.452, 9.599}));
  EXPECT_EQ(p.geofence.circles[0].radius_m, 25000);
  EXPECT_FALSE(p.geofence.circles[1].inclusion);
  EXPECT_EQ(p.geofence.circles[1].radius_m, 750);
  ASSERT_TRUE(p.geofence.breach_return);
  EXPECT_EQ(p.geofence.breach_return->alt_m, 400);
  ASSERT_EQ(p.rally_points.size(), 2u);
  EXPECT_EQ(p.rally_points[1].alt_m, 250);
}

TEST(PlanFile, WritesBackAnEqualJsonDocument) {
  const Result<std::string> text = plan_json(fixture_plan());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(json::parse(text.value()), fixture_json());
  // And QGroundControl's layout: 4-space indentation, keys in QGroundControl's (sorted) order.
  EXPECT_EQ(text.value().rfind("{\n    \"fileType\": \"Plan\",\n    \"geoFence\": {", 0), 0u);
  EXPECT_NE(text.value().find("\"AMSLAltAboveTerrain\": null,\n                \"Altitude\": 150,\n"
                              "                \"AltitudeMode\": 1,\n"
                              "                \"autoContinue\": true,"),
            std::string::npos);
}

TEST(PlanFile, ShippedSortieRoundTripsAndIsTheScenariosFlight) {
  const std::string path = testing::shipped_data("sortie.plan");
  const Result<Plan> p = load_plan_file(path);
  ASSERT_TRUE(p.ok()) << p.error().message;
  const Result<std::string> text = plan_json(p.value());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(json::parse(text.value()), json::parse(read_file(path)));
  // Take-off, five legs, a racetrack of two half-turn loiters repeated by DO_JUMP, the way home,
  // and a landing sequence.
  const auto& it = p.value().items;
  ASSERT_EQ(it.size(), 15u);
  EXPECT_EQ(it[0].command, mav_cmd::kNavTakeoff);
  for (int i = 1; i <= 5; ++i)
    EXPECT_EQ(it[static_cast<std::size_t>(i)].command, mav_cmd::kNavWaypoint);
  EXPECT_EQ(it[6].command, mav_cmd::kNavLoiterTurns);
  EXPECT_EQ(it[7].command, mav_cmd::kNavLoiterTurns);
  EXPECT_EQ(it[8].command, mav_cmd::kDoJump);
  EXPECT_EQ(it[8].param1, 7);
  EXPECT_EQ(it[11].command, mav_cmd::kDoLandStart);
  EXPECT_EQ(it[14].command, mav_cmd::kNavLand);
  EXPECT_EQ(it[5].z, 3000);
}

TEST(PlanFile, SaveAndLoadAFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "kestrel_plan_file_test.plan").string();
  const Plan p = fixture_plan();
  const Result<std::string> saved = save_plan_file(p, path);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  const Result<Plan> back = load_plan_file(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(same_plan(p, back.value()));
  std::filesystem::remove(path);

  const Result<Plan> missing = load_plan_file("/nonexistent/x.plan");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "/nonexistent/x.plan: cannot read the plan file: no such file");
}

TEST(PlanFile, DoJumpTargetsFollowTheFilesDoJumpIds) {
  // A file whose doJumpIds are not the seqs (hand-edited, or another tool): DO_JUMP's param1 is
  // a doJumpId in the file and a seq in the Plan, and goes back to the doJumpId when written.
  json doc = fixture_json();
  for (json& item : doc["mission"]["items"]) item["doJumpId"] = item["doJumpId"].get<int>() + 100;
  doc["mission"]["items"][7]["params"][0] = 105;
  const Result<Plan> p = parse_plan_json(doc.dump(), kSource);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p.value().items[7].param1, 5);
  EXPECT_EQ(p.value().items[4].qgc.do_jump_id, 105);
  const Result<std::string> text = plan_json(p.value());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(json::parse(text.value()), doc);
}

TEST(PlanFile, APlanBuiltInCodeIsWrittenAsQGroundControlWould) {
  Plan p;
  p.planned_home = {52.452, 9.599, 50};
  MissionItem wp;
  wp.seq = 1;
  wp.x = 52.46;
  wp.y = 9.58;
  wp.z = 300;
  wp.param4 = std::nan("");
  p.items.push_back(wp);
  MissionItem jump;
  jump.seq = 2;
  jump.command = mav_cmd::kDoJump;
  jump.frame = MavFrame::kMission;
  jump.param1 = 1;
  jump.param2 = 3;
  p.items.push_back(jump);
  const Result<std::string> text = plan_json(p);
  ASSERT_TRUE(text.ok()) << text.error().message;
  const json doc = json::parse(text.value());
  EXPECT_EQ(doc["fileType"], "Plan");
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["groundStation"], "QGroundControl");
  EXPECT_EQ(doc["mission"]["version"], 2);
  EXPECT_EQ(doc["mission"]["firmwareType"], 3);
  EXPECT_EQ(doc["mission"]["vehicleType"], 1);
  EXPECT_EQ(doc["mission"]["plannedHomePosition"], json::parse("[52.452, 9.599, 50]"));
  const json& item = doc["mission"]["items"][0];
  EXPECT_EQ(item["type"], "SimpleItem");
  EXPECT_EQ(item["doJumpId"], 1);
  EXPECT_EQ(item["params"], json::parse("[0, 0, 0, null, 52.46, 9.58, 300]"));
  EXPECT_FALSE(item.contains("AltitudeMode"));
  EXPECT_EQ(doc["mission"]["items"][1]["params"][0], 1);
  EXPECT_EQ(doc["geoFence"], json::parse(R"({"version": 2, "polygons": [], "circles": []})"));
  EXPECT_EQ(doc["rallyPoints"], json::parse(R"({"version": 2, "points": []})"));
}

TEST(PlanFile, WriterRefusesWhatCannotBeWrittenOrReadBack) {
  Plan p = fixture_plan();
  p.items[2].param2 = INFINITY;
  Result<std::string> t = plan_json(p);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(
      t.error().message,
      "cannot write the plan: mission.items[2] (item 3): params[1]: inf cannot be written in JSON");
  p = fixture_plan();
  p.items[2].x = std::nan("");  // a waypoint without a position
  t = plan_json(p);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(
      t.error().message.find("mission.items[2] (item 3): params[4] (latitude): null (NaN) where "
                             "16 (NAV_WAYPOINT) needs a position"),
      std::string::npos)
      << t.error().message;
  p = fixture_plan();
  p.planned_home.lat_deg = std::nan("");
  EXPECT_FALSE(plan_json(p).ok());
}

// ---- Malformed input: one test per kind, each with its message
// -------------------------------------

TEST(PlanFileErrors, NotJson) {
  std::string text = read_file(test_data("field_test.plan"));
  text.resize(text.size() / 2);
  const Result<Plan> p = parse_plan_json(text, kSource);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message.rfind("field_test.plan:", 0), 0u);
  EXPECT_NE(p.error().message.find(": not valid JSON: syntax error"), std::string::npos)
      << p.error().message;
  const Result<Plan> junk = parse_plan_json("{\"fileType\": Plan}", kSource);
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().message.rfind("field_test.plan:1:14: not valid JSON: ", 0), 0u)
      << junk.error().message;
  EXPECT_EQ(parse_plan_json(" \n", kSource).error().message,
            "field_test.plan: the file is empty; expected a QGroundControl plan (JSON)");
  EXPECT_EQ(parse_plan_json("[1, 2]", kSource).error().message,
            "field_test.plan: the document must be a JSON object, got an array");
}

TEST(PlanFileErrors, WrongFileTypeAndVersions) {
  EXPECT_EQ(error_after([](json& d) { d["fileType"] = "GeoFence"; }),
            "field_test.plan: fileType: must be \"Plan\" (a QGroundControl plan), got the text "
            "'GeoFence'");
  EXPECT_EQ(error_after([](json& d) { d.erase("fileType"); }),
            "field_test.plan: missing key 'fileType'");
  EXPECT_EQ(error_after([](json& d) { d["version"] = 2; }),
            "field_test.plan: version: unsupported version 2: Kestrel reads plan file version 1 "
            "(QGroundControl 4.x)");
  EXPECT_EQ(
      error_after([](json& d) { d["mission"]["version"] = 1; }),
      "field_test.plan: mission.version: unsupported version 1: Kestrel reads mission version "
      "2 (QGroundControl 4.x)");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["version"] = 1; }),
            "field_test.plan: geoFence.version: unsupported version 1: Kestrel reads geoFence "
            "version 2 (QGroundControl 4.x)");
  EXPECT_EQ(error_after([](json& d) { d["rallyPoints"]["version"] = "2"; }),
            "field_test.plan: rallyPoints.version: must be the number 2, got the text '2'");
  EXPECT_NE(error_after([](json& d) {
              d["geoFence"]["polygons"][0]["version"] = 2;
            }).find("geoFence.polygons[0].version: unsupported version 2"),
            std::string::npos);
}

TEST(PlanFileErrors, MissingAndUnknownKeys) {
  EXPECT_EQ(error_after([](json& d) { d["mission"].erase("items"); }),
            "field_test.plan: mission: missing key 'items'");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][3].erase("autoContinue"); }),
            "field_test.plan: mission.items[3] (item 4): missing key 'autoContinue'");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][3]["autoContinu"] = true; }),
            "field_test.plan: mission.items[3] (item 4): unknown key 'autoContinu' (the keys here "
            "are: type, command, frame, params, autoContinue, doJumpId, AltitudeMode, Altitude, "
            "AMSLAltAboveTerrain)");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][0].erase("Altitude"); }),
            "field_test.plan: mission.items[0] (item 1): missing key 'Altitude' (AltitudeMode, "
            "Altitude and AMSLAltAboveTerrain go together)");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["circles"][1]["circle"].erase("radius"); }),
            "field_test.plan: geoFence.circles[1].circle: missing key 'radius'");
  // geoFence and rallyPoints may be left out (QGroundControl's documentation calls them optional).
  EXPECT_EQ(error_after([](json& d) { d.erase("geoFence"), d.erase("rallyPoints"); }), "");
}

TEST(PlanFileErrors, WrongTypes) {
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["autoContinue"] = "yes"; }),
            "field_test.plan: mission.items[2] (item 3): autoContinue: must be true or false, got "
            "the text 'yes'");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["command"] = 16.5; }),
            "field_test.plan: mission.items[2] (item 3): command: must be a whole number in [0, "
            "65535], got 16.5");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["command"] = 70000; }),
            "field_test.plan: mission.items[2] (item 3): command: must be within [0, 65535], got "
            "70000");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["frame"] = 42; }),
            "field_test.plan: mission.items[2] (item 3): frame: 42 is not a MAV_FRAME (0 to 21)");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"] = json::object(); }),
            "field_test.plan: mission.items: must be an array, got an object");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["params"][1] = "0"; }),
            "field_test.plan: mission.items[2] (item 3): params[1] (param2): must be a number or "
            "null, got the text '0'");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2] = 16; }),
            "field_test.plan: mission.items[2] (item 3): must be an object, got the number 16");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["polygons"][0]["inclusion"] = 1; }),
            "field_test.plan: geoFence.polygons[0].inclusion: must be true or false, got the "
            "number 1");
}

TEST(PlanFileErrors, NanWhereNotAllowed) {
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["params"][4] = nullptr; }),
            "field_test.plan: mission.items[2] (item 3): params[4] (latitude): null (NaN) where 16 "
            "(NAV_WAYPOINT) needs a position (latitude, longitude, altitude)");
  EXPECT_EQ(
      error_after([](json& d) { d["mission"]["plannedHomePosition"][2] = nullptr; }),
      "field_test.plan: mission.plannedHomePosition[2] (altitude): must be a number, got null");
  EXPECT_EQ(error_after([](json& d) { d["rallyPoints"]["points"][0][2] = nullptr; }),
            "field_test.plan: rallyPoints.points[0][2] (altitude): must be a number, got null");
  // null is QGroundControl's NaN in params 1..4, and in params 5..7 of items without a position.
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][1]["params"][6] = nullptr; }), "");
}

TEST(PlanFileErrors, LatitudeLongitudeOutOfRange) {
  EXPECT_EQ(
      error_after([](json& d) { d["mission"]["items"][2]["params"][4] = 95.0; }),
      "field_test.plan: mission.items[2] (item 3): params[4] (latitude): must be within [-90, "
      "90] deg, got 95");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][2]["params"][5] = 190.0; }),
            "field_test.plan: mission.items[2] (item 3): params[5] (longitude): must be within "
            "[-180, 180] deg, got 190");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["plannedHomePosition"][0] = -90.5; }),
            "field_test.plan: mission.plannedHomePosition[0] (latitude): must be within [-90, 90] "
            "deg, got -90.5");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["polygons"][1]["polygon"][2][0] = 91; }),
            "field_test.plan: geoFence.polygons[1].polygon[2][0] (latitude): must be within [-90, "
            "90] deg, got 91");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["circles"][0]["circle"]["center"][1] = -200; }),
            "field_test.plan: geoFence.circles[0].circle.center[1] (longitude): must be within "
            "[-180, 180] deg, got -200");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["breachReturn"][0] = 100; }),
            "field_test.plan: geoFence.breachReturn[0] (latitude): must be within [-90, 90] deg, "
            "got 100");
  EXPECT_EQ(error_after([](json& d) { d["rallyPoints"]["points"][1][0] = -95; }),
            "field_test.plan: rallyPoints.points[1][0] (latitude): must be within [-90, 90] deg, "
            "got -95");
  // A command the flight software does not know: its params are not a position to Kestrel.
  EXPECT_EQ(error_after([](json& d) {
              d["mission"]["items"][2]["command"] = 31000;  // WAYPOINT_USER_1
              d["mission"]["items"][2]["params"][4] = 500;
            }),
            "");
}

TEST(PlanFileErrors, WrongNumberOfValues) {
  EXPECT_EQ(
      error_after([](json& d) { d["mission"]["items"][5]["params"].erase(6); }),
      "field_test.plan: mission.items[5] (item 6): params: must hold 7 values (param1..param4, "
      "latitude, longitude, altitude), got 6");
  EXPECT_EQ(
      error_after([](json& d) { d["mission"]["plannedHomePosition"].erase(2); }),
      "field_test.plan: mission.plannedHomePosition: must hold 3 values (latitude, longitude, "
      "altitude AMSL), got 2");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["polygons"][0]["polygon"][1].push_back(100); }),
            "field_test.plan: geoFence.polygons[0].polygon[1]: must hold 2 values (latitude, "
            "longitude), got 3");
  EXPECT_EQ(error_after([](json& d) {
              auto& v = d["geoFence"]["polygons"][0]["polygon"];
              v.erase(0), v.erase(0);
            }),
            "field_test.plan: geoFence.polygons[0].polygon: a fence polygon needs at least 3 "
            "vertices, got 2");
  EXPECT_EQ(error_after([](json& d) { d["geoFence"]["circles"][0]["circle"]["radius"] = 0; }),
            "field_test.plan: geoFence.circles[0].circle.radius: must be > 0 m, got 0");
}

TEST(PlanFileErrors, ComplexItemsAreRefusedByName) {
  const std::string m = error_after([](json& d) {
    d["mission"]["items"][10] = json::parse(R"({"type": "ComplexItem", "complexItemType": "survey",
        "version": 5, "TransectStyleComplexItem": {}, "polygon": [[52.4, 9.5], [52.5, 9.5], [52.5, 9.6]]})");
  });
  EXPECT_EQ(m.rfind("field_test.plan: mission.items[10] (item 11): a ComplexItem 'survey' "
                    "(QGroundControl's survey grid) is not supported: Kestrel reads simple items "
                    "only",
                    0),
            0u)
      << m;
  EXPECT_NE(
      error_after([](json& d) {
        d["mission"]["items"][0] = {{"type", "ComplexItem"}, {"complexItemType", "CorridorScan"}};
      })
          .find("mission.items[0] (item 1): a ComplexItem 'CorridorScan' (QGroundControl's "
                "corridor scan)"),
      std::string::npos);
  EXPECT_NE(
      error_after([](json& d) {
        d["mission"]["items"][0] = {{"type", "ComplexItem"}, {"complexItemType", "StructureScan"}};
      }).find("a ComplexItem 'StructureScan' (QGroundControl's structure scan) is not supported"),
      std::string::npos);
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][0]["type"] = "missionItem"; }),
            "field_test.plan: mission.items[0] (item 1): type: must be \"SimpleItem\" (or "
            "\"ComplexItem\"), got the text 'missionItem'");
}

TEST(PlanFileErrors, DoJumpIds) {
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][7]["params"][0] = 42; }),
            "field_test.plan: mission.items[7] (item 8): params[0] (DO_JUMP target doJumpId): no "
            "item has doJumpId 42");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][7]["params"][0] = nullptr; }),
            "field_test.plan: mission.items[7] (item 8): params[0] (DO_JUMP target doJumpId): must "
            "be a whole number, got nan");
  EXPECT_EQ(error_after([](json& d) { d["mission"]["items"][9]["doJumpId"] = 3; }),
            "field_test.plan: mission.items[9] (item 10): doJumpId: 3 is also the doJumpId of "
            "mission.items[2] (item 3) (DO_JUMP targets would be ambiguous)");
}

TEST(PlanFileErrors, DuplicateKeysAndNonFiniteNumbers) {
  std::string text = read_file(test_data("field_test.plan"));
  const std::string dup = "\"fileType\": \"Plan\",";
  text.replace(text.find(dup), dup.size(), dup + " \"fileType\": \"Plan\",");
  EXPECT_EQ(parse_plan_json(text, kSource).error().message,
            "field_test.plan: duplicate key 'fileType' in one object (which of the values is meant "
            "is ambiguous)");
  std::string big = read_file(test_data("field_test.plan"));
  const std::string radius = "\"radius\": 750";
  big.replace(big.find(radius), radius.size(), "\"radius\": 1e999");
  EXPECT_EQ(parse_plan_json(big, kSource).error().message,
            "field_test.plan: not valid JSON: number overflow parsing '1e999'");
}

TEST(PlanFileErrors, DeepNestingIsRefused) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const Result<Plan> p = parse_plan_json(deep, kSource);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, "field_test.plan: the JSON nests deeper than 64 levels");
}

}  // namespace
}  // namespace kestrel::mission
