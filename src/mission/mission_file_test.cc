// A mission file of either format through one entry point: the format told by the content (a
// .plan called .txt, a WPL file called .plan), by the extension when the content does not say,
// and an error naming the two formats for anything else.
#include "mission/mission_file.h"

#include <gtest/gtest.h>

#include <string>

#include "mission/test_util.h"

namespace kestrel::mission {
namespace {

using testing::read_file;
using testing::same_plan;
using testing::test_data;

TEST(MissionFile, LoadsBothFixturesByContent) {
  const Result<LoadedMission> plan = load_mission_file(test_data("field_test.plan"));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan.value().format, MissionFormat::kQgcPlan);
  const Result<LoadedMission> wpl = load_mission_file(test_data("field_test.waypoints"));
  ASSERT_TRUE(wpl.ok()) << wpl.error().message;
  EXPECT_EQ(wpl.value().format, MissionFormat::kWpl);
  EXPECT_EQ(plan.value().plan.items.size(), wpl.value().plan.items.size());
}

TEST(MissionFile, ContentWinsOverTheName) {
  const std::string json = read_file(test_data("field_test.plan"));
  const std::string wpl = read_file(test_data("field_test.waypoints"));
  Result<LoadedMission> a = parse_mission_text(json, "mission.txt");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a.value().format, MissionFormat::kQgcPlan);
  Result<LoadedMission> b = parse_mission_text("\xEF\xBB\xBF" + wpl, "mission.plan");
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b.value().format, MissionFormat::kWpl);
}

TEST(MissionFile, ExtensionDecidesWhenTheContentDoesNot) {
  // Damaged content: the reader of the format the name says reports what is wrong.
  Result<LoadedMission> a = parse_mission_text("mission: [1, 2]", "x.PLAN");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("x.PLAN"), std::string::npos) << a.error().message;
  EXPECT_NE(a.error().message.find("JSON"), std::string::npos) << a.error().message;
  Result<LoadedMission> b = parse_mission_text("QGC WP 110\n", "x.waypoints");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("x.waypoints:1"), std::string::npos) << b.error().message;
}

TEST(MissionFile, NeitherFormatIsAnErrorNamingBoth) {
  for (const std::string text : {"", "   \n", "hello"}) {
    Result<LoadedMission> r = parse_mission_text(text, "notes.md");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("notes.md: not a mission file"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("QGC WPL 110"), std::string::npos) << r.error().message;
  }
  Result<LoadedMission> missing = load_mission_file(test_data("no_such_file.plan"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no_such_file.plan"), std::string::npos);
}

}  // namespace
}  // namespace kestrel::mission
