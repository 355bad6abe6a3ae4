// The autopilot's (and the failsafes') parameters and modes as the ground station sees them: one
// namespace of unique, well-formed names whose ranges hold the defaults; set/get by name with
// errors that change nothing; the mode names and numbers.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "fsw/autopilot.h"

namespace kestrel {
namespace {

TEST(AutopilotParams, TablesAreWellFormedAndShareOneNamespace) {
  EXPECT_EQ(check_param_table(kAutopilotParams), "");
  EXPECT_EQ(check_param_table(kTecsParams), "");
  EXPECT_EQ(check_param_table(kPathGuidanceParams), "");
  EXPECT_EQ(check_param_table(kAttitudeControlParams), "");
  EXPECT_EQ(check_param_table(kGeofenceParams), "");
  EXPECT_EQ(check_param_table(kGlideParams), "");
  EXPECT_EQ(check_param_table(kBingoParams), "");
  EXPECT_EQ(check_param_table(kWindProfileParams), "");
  std::set<std::string> names;
  std::size_t n = 0;
  const auto add = [&](const auto& table) {
    for (const auto& d : table) {
      names.insert(std::string(d.info.name));
      ++n;
    }
  };
  add(kAutopilotParams);
  add(kTecsParams);
  add(kPathGuidanceParams);
  add(kAttitudeControlParams);
  add(kGeofenceParams);
  add(kGlideParams);
  add(kBingoParams);
  add(kWindProfileParams);
  EXPECT_EQ(names.size(), n) << "a name is declared in two tables";
  // Every field of AutopilotParams is declared: the table covers the struct (all doubles).
  EXPECT_EQ(kAutopilotParams.size() * sizeof(double), sizeof(AutopilotParams));
}

TEST(AutopilotParams, SetAndGetByNameAcrossTheLaws) {
  Autopilot ap;
  ASSERT_TRUE(ap.set_param("LAND_FLARE_H", 8.0).ok());
  EXPECT_EQ(ap.get_param("LAND_FLARE_H").value(), 8.0);
  EXPECT_EQ(ap.params().land_flare_height_m, 8.0);
  ASSERT_TRUE(ap.set_param("TECS_CLMB_MAX", 2.5).ok());
  EXPECT_EQ(ap.tecs_params().max_climb_rate_mps, 2.5);
  ASSERT_TRUE(ap.set_param("NPFG_PERIOD", 25.0).ok());
  EXPECT_EQ(ap.guidance_params().period_s, 25.0);
  ASSERT_TRUE(ap.set_param("ATT_BANK_MAX", 0.5).ok());
  EXPECT_EQ(ap.attitude_params().bank_max_rad, 0.5);
  ASSERT_TRUE(ap.set_param("FENCE_ALT_MAX", 3000.0).ok());
  EXPECT_EQ(ap.geofence_params().alt_max_m, 3000.0);
  ASSERT_TRUE(ap.set_param("GLIDE_LD", 11.0).ok());
  EXPECT_EQ(ap.get_param("GLIDE_LD").value(), 11.0);
  ASSERT_TRUE(ap.set_param("BINGO_RESERVE_KG", 9.0).ok());
  EXPECT_EQ(ap.bingo_params().reserve_kg, 9.0);
  EXPECT_FALSE(ap.set_param("FENCE_ACTION", 3.0).ok());
  // Errors name the parameter and change nothing.
  const Result<double> unknown = ap.set_param("LAND_FLARE_HH", 3.0);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("LAND_FLARE_HH"), std::string::npos);
  const Result<double> out = ap.set_param("LAND_FLARE_H", 50.0);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("LAND_FLARE_H"), std::string::npos);
  EXPECT_EQ(ap.params().land_flare_height_m, 8.0);
  EXPECT_FALSE(ap.set_param("LAND_FLARE_H", std::nan("")).ok());
  EXPECT_EQ(ap.params().land_flare_height_m, 8.0);
  // A TECS value that its own checks refuse (underspeed above the demand floor) is refused.
  EXPECT_FALSE(ap.set_param("TECS_USPD", 40.0).ok());
  EXPECT_EQ(ap.tecs_params().underspeed_tas_mps, TecsParams{}.underspeed_tas_mps);
}

TEST(AutopilotModes, NamesAndNumbers) {
  const std::pair<const char*, int> expected[] = {{"manual", 0},  {"stabilize", 2}, {"cruise", 7},
                                                  {"land", 9},    {"auto", 10},     {"rtl", 11},
                                                  {"loiter", 12}, {"takeoff", 13},  {"guided", 15}};
  for (const auto& [name, number] : expected) {
    FlightMode m = FlightMode::kManual;
    ASSERT_TRUE(parse_flight_mode(name, &m)) << name;
    EXPECT_EQ(static_cast<int>(m), number) << name;
    EXPECT_EQ(to_string(m), name);
  }
  FlightMode m = FlightMode::kAuto;
  EXPECT_FALSE(parse_flight_mode("fbwa", &m));
  EXPECT_EQ(m, FlightMode::kAuto);
}

TEST(AutopilotModes, RefusedChangesSayWhyAndChangeNothing) {
  Autopilot ap(AutopilotSite{}, Mission{}, FlightMode::kManual);
  const Result<FlightMode> r = ap.set_mode(FlightMode::kAuto);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no mission"), std::string::npos);
  EXPECT_FALSE(ap.set_mode(FlightMode::kGuided).ok());  // no target
  EXPECT_FALSE(ap.set_mode(FlightMode::kLoiter).ok());  // on the ground
  EXPECT_TRUE(ap.set_mode(FlightMode::kTakeoff).ok());  // on the ground: yes
  EXPECT_EQ(ap.status().mode, FlightMode::kManual);     // takes effect at the next step
}

}  // namespace
}  // namespace kestrel
